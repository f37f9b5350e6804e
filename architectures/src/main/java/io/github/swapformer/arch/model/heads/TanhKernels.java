package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hyperbolic tangent and its backward on flat {@code float[]}: y = tanh(x), dx += dy·(1 − y²)
 * (the derivative from the saved output, as llm.c saves what backward needs). The {@code *Scalar}
 * methods are the specification; the {@code *Simd} twins take the same arguments and work on the
 * element range [from, to).
 */
public final class TanhKernels {
    /** Pointwise work: chunks smaller than this cost more in hand-off than they gain. */
    private static final int MIN_CHUNK = 1 << 13;

    private TanhKernels() {
    }

    /** out[i] = tanh(x[i]) for i in [0, n). */
    public static void forward(float[] out, float[] x, int n, Parallel pool) {
        pool.forRange(n, MIN_CHUNK, (from, to) -> {
            if (Simd.ENABLED) {
                forwardSimd(out, x, from, to);
            } else {
                forwardScalar(out, x, from, to);
            }
        });
    }

    public static void forwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    public static void forwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.forward(out, x, from, to);
    }

    /** dx[i] += dy[i]·(1 − y[i]²) for i in [0, n), where y = tanh(x). */
    public static void backward(float[] dx, float[] dy, float[] y, int n, Parallel pool) {
        pool.forRange(n, MIN_CHUNK, (from, to) -> {
            if (Simd.ENABLED) {
                backwardSimd(dx, dy, y, from, to);
            } else {
                backwardScalar(dx, dy, y, from, to);
            }
        });
    }

    public static void backwardScalar(float[] dx, float[] dy, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] += dy[i] * (1f - y[i] * y[i]);
        }
    }

    public static void backwardSimd(float[] dx, float[] dy, float[] y, int from, int to) {
        Vectorized.backward(dx, dy, y, from, to);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void forward(float[] out, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
            }
            forwardScalar(out, x, i, to);
        }

        static void backward(float[] dx, float[] dy, float[] y, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector yv = FloatVector.fromArray(SPECIES, y, i);
                FloatVector slope = FloatVector.broadcast(SPECIES, 1f).sub(yv.mul(yv)); // 1 − y²
                FloatVector.fromArray(SPECIES, dy, i).fma(slope, FloatVector.fromArray(SPECIES, dx, i)).intoArray(dx, i);
            }
            backwardScalar(dx, dy, y, i, to);
        }
    }
}
