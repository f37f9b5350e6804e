package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax over the last axis of N rows of C floats, stabilized by subtracting the
 * row maximum (the usual trick, e.g. Goodfellow et al., Deep Learning, §4.1). Softmax takes an
 * optional additive mask: row r reads mask row {@code maskRow[r]}, which is how a (T, S) causal mask
 * is broadcast over (B, NH, T, S) scores without being copied.
 *
 * <p>A row whose every entry (after the mask) is −∞ has no distribution to normalize; its softmax
 * is defined here as all zeros, never NaN, so a fully masked query contributes nothing and passes
 * no gradient. Row kernels work on rows {@code [r0, r1)}; each has a scalar specification and a
 * Vector API twin with the same signature (the twin's exp is {@link KernelMath.Vectorized#expMinusMax}, as
 * every exponent here is at most 0; a row holding a NaN or +∞ goes to the specification, whose
 * NaNs it keeps; each exp is computed once and stored, then scaled).
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {
    }

    /** out = softmax(inp + mask[maskRow[r]]) row by row; mask (and maskRow) may be null. */
    public static void softmaxForward(float[] out, float[] inp, float[] mask, int[] maskRow, int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                softmaxForwardSimd(out, inp, mask, maskRow, r0, r1, C);
            } else {
                softmaxForwardScalar(out, inp, mask, maskRow, r0, r1, C);
            }
        });
    }

    public static void softmaxForwardScalar(float[] out, float[] inp, float[] mask, int[] maskRow, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            int mo = mask == null ? 0 : maskRow[r] * C;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < C; i++) {
                float z = mask == null ? inp[o + i] : inp[o + i] + mask[mo + i];
                out[o + i] = z;
                max = Math.max(max, z);
            }
            if (max == Float.NEGATIVE_INFINITY) { // fully masked: zeros, not exp(−∞ − (−∞)) = NaN
                Arrays.fill(out, o, o + C, 0f);
                continue;
            }
            float sum = 0f;
            for (int i = 0; i < C; i++) {
                float e = (float) Math.exp(out[o + i] - max);
                out[o + i] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int i = 0; i < C; i++) {
                out[o + i] *= inv;
            }
        }
    }

    public static void softmaxForwardSimd(float[] out, float[] inp, float[] mask, int[] maskRow, int r0, int r1, int C) {
        Vectorized.softmaxForward(out, inp, mask, maskRow, r0, r1, C);
    }

    /** dinp += y ⊙ (dout − Σ dout·y), the softmax Jacobian-vector product. */
    public static void softmaxBackward(float[] dinp, float[] dout, float[] out, int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                softmaxBackwardSimd(dinp, dout, out, r0, r1, C);
            } else {
                softmaxBackwardScalar(dinp, dout, out, r0, r1, C);
            }
        });
    }

    public static void softmaxBackwardScalar(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float dot = 0f;
            for (int i = 0; i < C; i++) {
                dot += dout[o + i] * out[o + i];
            }
            for (int i = 0; i < C; i++) {
                dinp[o + i] += out[o + i] * (dout[o + i] - dot);
            }
        }
    }

    public static void softmaxBackwardSimd(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
        Vectorized.softmaxBackward(dinp, dout, out, r0, r1, C);
    }

    // ---- vector helpers shared with the log-softmax and cross-entropy twins ------------------------------------------

    /** max of a[off .. off+n); −∞ when n is 0. */
    static float max(float[] a, int off, int n) {
        return Vectorized.max(a, off, n);
    }

    /** Σ exp(a[i] − max) over a[off .. off+n), leaving a unchanged. */
    static float sumExp(float[] a, int off, int n, float max) {
        return Vectorized.sumExp(a, off, n, max);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void softmaxForward(float[] out, float[] inp, float[] mask, int[] maskRow, int r0, int r1, int C) {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float[] z = inp; // the masked scores live in out, then exp overwrites them in place
                float max;
                if (mask == null) {
                    max = max(inp, o, C);
                } else {
                    max = addMaskAndMax(out, inp, mask, o, maskRow[r] * C, C);
                    z = out;
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(out, o, o + C, 0f);
                    continue;
                }
                if (!(max < Float.POSITIVE_INFINITY)) { // a NaN or +∞ in the row: the specification's NaNs
                    softmaxForwardScalar(out, inp, mask, maskRow, r, r + 1, C);
                    continue;
                }
                float sum = expInto(out, z, o, C, max);
                scale(out, o, C, 1f / sum);
            }
        }

        /** out[o+i] = inp[o+i] + mask[mo+i] for i &lt; C; returns their maximum. */
        private static float addMaskAndMax(float[] out, float[] inp, float[] mask, int o, int mo, int C) {
            int bound = S.loopBound(C);
            // A loop-carried vector starts from a local broadcast: a static final vector there keeps C2
            // from unboxing the loop's phi, and every iteration allocates (measured 5x slower).
            FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector z = FloatVector.fromArray(S, inp, o + i).add(FloatVector.fromArray(S, mask, mo + i));
                z.intoArray(out, o + i);
                vmax = vmax.max(z);
            }
            float max = vmax.reduceLanes(VectorOperators.MAX);
            for (; i < C; i++) {
                float z = inp[o + i] + mask[mo + i];
                out[o + i] = z;
                max = Math.max(max, z);
            }
            return max;
        }

        static void softmaxBackward(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    acc = FloatVector.fromArray(S, dout, o + i).fma(FloatVector.fromArray(S, out, o + i), acc);
                }
                float dot = Lanes.sum(acc);
                for (; i < C; i++) {
                    dot += dout[o + i] * out[o + i];
                }
                FloatVector vdot = FloatVector.broadcast(S, dot);
                for (i = 0; i < bound; i += S.length()) {
                    FloatVector y = FloatVector.fromArray(S, out, o + i);
                    FloatVector g = FloatVector.fromArray(S, dout, o + i).sub(vdot);
                    y.fma(g, FloatVector.fromArray(S, dinp, o + i)).intoArray(dinp, o + i);
                }
                for (; i < C; i++) {
                    dinp[o + i] += out[o + i] * (dout[o + i] - dot);
                }
            }
        }

        /**
         * Four running maxima, so that the maxima (six instructions each on JDK 17, for NaN and −0)
         * do not wait on each other; a NaN anywhere gives NaN, as {@code Math.max} does.
         */
        static float max(float[] a, int off, int n) {
            int step = S.length();
            int bound = S.loopBound(n);
            FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector m1 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector m2 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector m3 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int i = 0;
            for (; i + 3 * step < bound; i += 4 * step) {
                m0 = m0.max(FloatVector.fromArray(S, a, off + i));
                m1 = m1.max(FloatVector.fromArray(S, a, off + i + step));
                m2 = m2.max(FloatVector.fromArray(S, a, off + i + 2 * step));
                m3 = m3.max(FloatVector.fromArray(S, a, off + i + 3 * step));
            }
            for (; i < bound; i += step) {
                m0 = m0.max(FloatVector.fromArray(S, a, off + i));
            }
            float m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
            for (; i < n; i++) {
                m = Math.max(m, a[off + i]);
            }
            return m;
        }

        static float sumExp(float[] a, int off, int n, float max) {
            int step = S.length();
            int bound = S.loopBound(n);
            FloatVector vmax = FloatVector.broadcast(S, max);
            FloatVector even = FloatVector.zero(S);
            FloatVector odd = FloatVector.zero(S);
            int i = 0;
            for (; i + step < bound; i += 2 * step) {
                even = even.add(KernelMath.Vectorized.expUpTo88(FloatVector.fromArray(S, a, off + i).sub(vmax)));
                odd = odd.add(KernelMath.Vectorized.expUpTo88(FloatVector.fromArray(S, a, off + i + step).sub(vmax)));
            }
            for (; i < bound; i += step) {
                even = even.add(KernelMath.Vectorized.expUpTo88(FloatVector.fromArray(S, a, off + i).sub(vmax)));
            }
            float s = Lanes.sum(even.add(odd));
            for (; i < n; i++) {
                s += (float) Math.exp(a[off + i] - max);
            }
            return s;
        }

        /** out[i] = exp(z[i] − max) over [off, off+n) (z may be out); returns their sum. */
        static float expInto(float[] out, float[] z, int off, int n, float max) {
            return KernelMath.Vectorized.expMinusMax(out, z, off, n, max);
        }

        static void scale(float[] a, int off, int n, float factor) {
            int bound = S.loopBound(n);
            FloatVector vfactor = FloatVector.broadcast(S, factor);
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, off + i).mul(vfactor).intoArray(a, off + i);
            }
            for (; i < n; i++) {
                a[off + i] *= factor;
            }
        }
    }
}
