package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pointwise activations and their backward: ReLU (Nair &amp; Hinton 2010), the logistic sigmoid,
 * and SiLU x·σ(x) (Hendrycks &amp; Gimpel 2016, arXiv:1606.08415; Elfwing et al. 2017,
 * arXiv:1702.03118). GELU lives in {@link GeluKernels}.
 *
 * <p>Forward: {@code out[i] = f(x[i])}. Backward: {@code dx[i] += dout[i]·f'(x[i])}, recomputed
 * from the saved input. The {@code *Scalar} methods are the specification (using {@link Math#exp});
 * the {@code *Simd} twins take the same arguments and use {@link KernelMath.Vectorized#sigmoid}.
 */
public final class ActivationKernels {
    static final int MIN_CHUNK = 1 << 12;

    private ActivationKernels() {
    }

    static void split(int n, Parallel pool, Parallel.RangeBody simd, Parallel.RangeBody scalar) {
        pool.forRange(n, MIN_CHUNK, Simd.ENABLED ? simd : scalar);
    }

    // ---- ReLU ----------------------------------------------------------------------------------

    public static void reluForward(float[] out, float[] x, int n, Parallel pool) {
        // C2 vectorizes the plain max loop by itself; the twin measured no faster (0.9x), so the spec runs.
        pool.forRange(n, MIN_CHUNK, (f, t) -> reluForwardScalar(out, x, f, t));
    }

    public static void reluBackward(float[] dx, float[] dout, float[] x, int n, Parallel pool) {
        split(n, pool, (f, t) -> reluBackwardSimd(dx, dout, x, f, t), (f, t) -> reluBackwardScalar(dx, dout, x, f, t));
    }

    public static void reluForwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    public static void reluForwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.reluForward(out, x, from, to);
    }

    /** The subgradient at 0 is taken as 0, as in PyTorch. */
    public static void reluBackwardScalar(float[] dx, float[] dout, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (x[i] > 0f) {
                dx[i] += dout[i];
            }
        }
    }

    public static void reluBackwardSimd(float[] dx, float[] dout, float[] x, int from, int to) {
        Vectorized.reluBackward(dx, dout, x, from, to);
    }

    // ---- sigmoid -------------------------------------------------------------------------------

    public static void sigmoidForward(float[] out, float[] x, int n, Parallel pool) {
        split(n, pool, (f, t) -> sigmoidForwardSimd(out, x, f, t), (f, t) -> sigmoidForwardScalar(out, x, f, t));
    }

    public static void sigmoidBackward(float[] dx, float[] dout, float[] x, int n, Parallel pool) {
        split(n, pool, (f, t) -> sigmoidBackwardSimd(dx, dout, x, f, t), (f, t) -> sigmoidBackwardScalar(dx, dout, x, f, t));
    }

    /** σ(x) = 1 / (1 + e^−x); e^−x overflowing to infinity gives the right limit 0. */
    public static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    public static void sigmoidForwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = sigmoid(x[i]);
        }
    }

    public static void sigmoidForwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.sigmoidForward(out, x, from, to);
    }

    /** σ'(x) = σ(x)·(1 − σ(x)). */
    public static void sigmoidBackwardScalar(float[] dx, float[] dout, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float s = sigmoid(x[i]);
            dx[i] += dout[i] * s * (1f - s);
        }
    }

    public static void sigmoidBackwardSimd(float[] dx, float[] dout, float[] x, int from, int to) {
        Vectorized.sigmoidBackward(dx, dout, x, from, to);
    }

    // ---- SiLU ----------------------------------------------------------------------------------

    public static void siluForward(float[] out, float[] x, int n, Parallel pool) {
        split(n, pool, (f, t) -> siluForwardSimd(out, x, f, t), (f, t) -> siluForwardScalar(out, x, f, t));
    }

    public static void siluBackward(float[] dx, float[] dout, float[] x, int n, Parallel pool) {
        split(n, pool, (f, t) -> siluBackwardSimd(dx, dout, x, f, t), (f, t) -> siluBackwardScalar(dx, dout, x, f, t));
    }

    public static void siluForwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = x[i] * sigmoid(x[i]);
        }
    }

    public static void siluForwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.siluForward(out, x, from, to);
    }

    /** d/dx x·σ(x) = σ(x)·(1 + x·(1 − σ(x))). */
    public static void siluBackwardScalar(float[] dx, float[] dout, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float s = sigmoid(x[i]);
            dx[i] += dout[i] * s * (1f + x[i] * (1f - s));
        }
    }

    public static void siluBackwardSimd(float[] dx, float[] dout, float[] x, int from, int to) {
        Vectorized.siluBackward(dx, dout, x, from, to);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void reluForward(float[] out, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, i).max(0f).intoArray(out, i);
            }
            reluForwardScalar(out, x, i, to);
        }

        static void reluBackward(float[] dx, float[] dout, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                VectorMask<Float> positive = FloatVector.fromArray(SPECIES, x, i).compare(VectorOperators.GT, 0f);
                FloatVector acc = FloatVector.fromArray(SPECIES, dx, i);
                acc.add(FloatVector.fromArray(SPECIES, dout, i), positive).intoArray(dx, i);
            }
            reluBackwardScalar(dx, dout, x, i, to);
        }

        static void sigmoidForward(float[] out, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                KernelMath.Vectorized.sigmoid(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
            }
            sigmoidForwardScalar(out, x, i, to);
        }

        static void sigmoidBackward(float[] dx, float[] dout, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector s = KernelMath.Vectorized.sigmoid(FloatVector.fromArray(SPECIES, x, i));
                FloatVector local = s.mul(s.neg().add(1f));
                FloatVector.fromArray(SPECIES, dout, i).fma(local, FloatVector.fromArray(SPECIES, dx, i)).intoArray(dx, i);
            }
            sigmoidBackwardScalar(dx, dout, x, i, to);
        }

        static void siluForward(float[] out, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, i);
                v.mul(KernelMath.Vectorized.sigmoid(v)).intoArray(out, i);
            }
            siluForwardScalar(out, x, i, to);
        }

        static void siluBackward(float[] dx, float[] dout, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, i);
                FloatVector s = KernelMath.Vectorized.sigmoid(v);
                FloatVector local = s.mul(v.mul(s.neg().add(1f)).add(1f));
                FloatVector.fromArray(SPECIES, dout, i).fma(local, FloatVector.fromArray(SPECIES, dx, i)).intoArray(dx, i);
            }
            siluBackwardScalar(dx, dout, x, i, to);
        }
    }
}
