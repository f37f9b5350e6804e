package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Log-softmax over the last axis of N rows of C floats, x − max − log Σ e^(x − max) (the
 * log-sum-exp trick, e.g. Goodfellow et al., Deep Learning, §4.1), and its backward. A row whose
 * every entry is −∞ stays −∞. Row kernels work on rows {@code [r0, r1)}, each a scalar
 * specification and a Vector API twin with the same signature; the twins share
 * {@link SoftmaxKernels}' vector max and Σ exp.
 */
public final class LogSoftmaxKernels {
    private LogSoftmaxKernels() {
    }

    /** out = inp − max − log Σ exp(inp − max) row by row; a row entirely −∞ stays −∞. */
    public static void logSoftmaxForward(float[] out, float[] inp, int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                logSoftmaxForwardSimd(out, inp, r0, r1, C);
            } else {
                logSoftmaxForwardScalar(out, inp, r0, r1, C);
            }
        });
    }

    public static void logSoftmaxForwardScalar(float[] out, float[] inp, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < C; i++) {
                max = Math.max(max, inp[o + i]);
            }
            float sum = 0f;
            for (int i = 0; i < C; i++) {
                sum += (float) Math.exp(inp[o + i] - max);
            }
            if (max == Float.NEGATIVE_INFINITY) { // log 0 = −∞ everywhere, not −∞ − (−∞) = NaN
                Arrays.fill(out, o, o + C, Float.NEGATIVE_INFINITY);
                continue;
            }
            float shift = max + (float) Math.log(sum);
            for (int i = 0; i < C; i++) {
                out[o + i] = inp[o + i] - shift;
            }
        }
    }

    public static void logSoftmaxForwardSimd(float[] out, float[] inp, int r0, int r1, int C) {
        Vectorized.logSoftmaxForward(out, inp, r0, r1, C);
    }

    /** dinp += dout − exp(out) · Σ dout (exp(out) is the softmax). */
    public static void logSoftmaxBackward(float[] dinp, float[] dout, float[] out, int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                logSoftmaxBackwardSimd(dinp, dout, out, r0, r1, C);
            } else {
                logSoftmaxBackwardScalar(dinp, dout, out, r0, r1, C);
            }
        });
    }

    public static void logSoftmaxBackwardScalar(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float total = 0f;
            for (int i = 0; i < C; i++) {
                total += dout[o + i];
            }
            for (int i = 0; i < C; i++) {
                dinp[o + i] += dout[o + i] - (float) Math.exp(out[o + i]) * total;
            }
        }
    }

    public static void logSoftmaxBackwardSimd(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
        Vectorized.logSoftmaxBackward(dinp, dout, out, r0, r1, C);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void logSoftmaxForward(float[] out, float[] inp, int r0, int r1, int C) {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float max = SoftmaxKernels.max(inp, o, C);
                if (max == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(out, o, o + C, Float.NEGATIVE_INFINITY);
                    continue;
                }
                float shift = max + (float) Math.log(SoftmaxKernels.sumExp(inp, o, C, max));
                FloatVector vshift = FloatVector.broadcast(S, shift);
                int bound = S.loopBound(C);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, inp, o + i).sub(vshift).intoArray(out, o + i);
                }
                for (; i < C; i++) {
                    out[o + i] = inp[o + i] - shift;
                }
            }
        }

        static void logSoftmaxBackward(float[] dinp, float[] dout, float[] out, int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float total = NormKernels.sum(dout, o, C);
                FloatVector vtotal = FloatVector.broadcast(S, total);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector p = KernelMath.Vectorized.expUpTo88(FloatVector.fromArray(S, out, o + i)); // out ≤ 0
                    FloatVector g = p.neg().fma(vtotal, FloatVector.fromArray(S, dout, o + i));
                    FloatVector.fromArray(S, dinp, o + i).add(g).intoArray(dinp, o + i);
                }
                for (; i < C; i++) {
                    dinp[o + i] += dout[o + i] - (float) Math.exp(out[o + i]) * total;
                }
            }
        }
    }
}
