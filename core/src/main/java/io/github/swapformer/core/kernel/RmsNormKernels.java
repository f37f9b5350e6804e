package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * RMSNorm (Zhang and Sennrich 2019, arXiv:1910.07467) over the last axis of N rows of C floats:
 * LayerNorm without the mean, as in T5 and LLaMA. The forward saves the per-row {@code rstd} so
 * that the backward never recomputes it; the weight gradient is {@link NormKernels#paramBackward}.
 *
 * <p>Row kernels work on rows {@code [r0, r1)} and come as a scalar specification and a Vector API
 * twin with the same signature; no result depends on scheduling.
 */
public final class RmsNormKernels {
    private RmsNormKernels() {
    }

    /** out = x · rstd · weight with rstd = 1 / sqrt(mean(x²) + eps). */
    public static void rmsNormForward(float[] out, float[] rstd, float[] inp, float[] weight, float eps,
                                      int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                rmsNormForwardSimd(out, rstd, inp, weight, eps, r0, r1, C);
            } else {
                rmsNormForwardScalar(out, rstd, inp, weight, eps, r0, r1, C);
            }
        });
    }

    public static void rmsNormForwardScalar(float[] out, float[] rstd, float[] inp, float[] weight, float eps,
                                            int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float ss = 0f;
            for (int i = 0; i < C; i++) {
                ss += inp[o + i] * inp[o + i];
            }
            float s = (float) (1.0 / Math.sqrt(ss / C + eps));
            for (int i = 0; i < C; i++) {
                out[o + i] = inp[o + i] * s * weight[i];
            }
            rstd[r] = s;
        }
    }

    public static void rmsNormForwardSimd(float[] out, float[] rstd, float[] inp, float[] weight, float eps,
                                          int r0, int r1, int C) {
        Vectorized.rmsNormForward(out, rstd, inp, weight, eps, r0, r1, C);
    }

    /**
     * dinp += rstd · (dn − n · mean(dn·n)) with n = x·rstd and dn = dout·weight; dweight += Σ dout·n.
     * dinp or dweight may be null.
     */
    public static void rmsNormBackward(float[] dinp, float[] dweight, float[] dout, float[] inp, float[] weight,
                                       float[] rstd, int N, int C, Parallel pool) {
        if (dinp != null) {
            pool.forRange(N, NormKernels.minRows(C), (r0, r1) -> {
                if (Simd.ENABLED) {
                    rmsNormBackwardInputSimd(dinp, dout, inp, weight, rstd, r0, r1, C);
                } else {
                    rmsNormBackwardInputScalar(dinp, dout, inp, weight, rstd, r0, r1, C);
                }
            });
        }
        NormKernels.paramBackward(dweight, null, dout, inp, null, rstd, N, C, pool);
    }

    public static void rmsNormBackwardInputScalar(float[] dinp, float[] dout, float[] inp, float[] weight,
                                                  float[] rstd, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float s = rstd[r];
            float dnNormMean = 0f;
            for (int i = 0; i < C; i++) {
                dnNormMean += weight[i] * dout[o + i] * (inp[o + i] * s);
            }
            dnNormMean /= C;
            for (int i = 0; i < C; i++) {
                float n = inp[o + i] * s;
                dinp[o + i] += (weight[i] * dout[o + i] - n * dnNormMean) * s;
            }
        }
    }

    public static void rmsNormBackwardInputSimd(float[] dinp, float[] dout, float[] inp, float[] weight,
                                                float[] rstd, int r0, int r1, int C) {
        Vectorized.rmsNormBackwardInput(dinp, dout, inp, weight, rstd, r0, r1, C);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void rmsNormForward(float[] out, float[] rstd, float[] inp, float[] weight, float eps,
                                   int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector x = FloatVector.fromArray(S, inp, o + i);
                    acc = x.fma(x, acc);
                }
                float ss = Lanes.sum(acc);
                for (; i < C; i++) {
                    ss += inp[o + i] * inp[o + i];
                }
                float s = (float) (1.0 / Math.sqrt(ss / C + eps));
                for (i = 0; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, inp, o + i).mul(s).mul(FloatVector.fromArray(S, weight, i)).intoArray(out, o + i);
                }
                for (; i < C; i++) {
                    out[o + i] = inp[o + i] * s * weight[i];
                }
                rstd[r] = s;
            }
        }

        static void rmsNormBackwardInput(float[] dinp, float[] dout, float[] inp, float[] weight,
                                         float[] rstd, int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float s = rstd[r];
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector dn = FloatVector.fromArray(S, weight, i).mul(FloatVector.fromArray(S, dout, o + i));
                    acc = dn.fma(FloatVector.fromArray(S, inp, o + i).mul(s), acc);
                }
                float dnNormMean = Lanes.sum(acc);
                for (; i < C; i++) {
                    dnNormMean += weight[i] * dout[o + i] * (inp[o + i] * s);
                }
                dnNormMean /= C;
                for (i = 0; i < bound; i += S.length()) {
                    FloatVector dn = FloatVector.fromArray(S, weight, i).mul(FloatVector.fromArray(S, dout, o + i));
                    FloatVector n = FloatVector.fromArray(S, inp, o + i).mul(s);
                    FloatVector d = n.neg().fma(FloatVector.broadcast(S, dnNormMean), dn).mul(s);
                    FloatVector.fromArray(S, dinp, o + i).add(d).intoArray(dinp, o + i);
                }
                for (; i < C; i++) {
                    float n = inp[o + i] * s;
                    dinp[o + i] += (weight[i] * dout[o + i] - n * dnNormMean) * s;
                }
            }
        }
    }
}
