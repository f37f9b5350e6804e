package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm (Ba, Kiros and Hinton 2016, arXiv:1607.06450) over the last axis of N rows of C
 * floats, as llm.c's {@code layernorm_forward/backward}: the forward saves per-row {@code mean} and
 * {@code rstd} so that the backward never recomputes the statistics. Also the pieces that
 * {@link RmsNormKernels} and the other row kernels share: the chunk size, the weight and bias
 * gradients, and a vector row sum.
 *
 * <p>Row kernels work on rows {@code [r0, r1)} and come as a scalar specification and a Vector API
 * twin with the same signature. Input gradients are split over rows; weight and bias gradients
 * are split over columns and sum rows in index order, so no result depends on scheduling.
 */
public final class NormKernels {
    private NormKernels() {
    }

    /** Rows per chunk so that each chunk has about 16K elements: smaller chunks cost more than they save. */
    static int minRows(int C) {
        return Math.max(1, (1 << 14) / Math.max(1, C));
    }

    // ---- LayerNorm ------------------------------------------------------------------------------

    /** out = (x − mean) · rstd · weight + bias (bias may be null); variance is biased (÷ C). */
    public static void layerNormForward(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight, float[] bias,
                                        float eps, int N, int C, Parallel pool) {
        pool.forRange(N, minRows(C), (r0, r1) -> {
            if (Simd.ENABLED) {
                layerNormForwardSimd(out, mean, rstd, inp, weight, bias, eps, r0, r1, C);
            } else {
                layerNormForwardScalar(out, mean, rstd, inp, weight, bias, eps, r0, r1, C);
            }
        });
    }

    public static void layerNormForwardScalar(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight,
                                              float[] bias, float eps, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float sum = 0f;
            for (int i = 0; i < C; i++) {
                sum += inp[o + i];
            }
            float m = sum / C;
            float v = 0f; // two passes: Σ(x − m)² does not cancel catastrophically as Σx² − C·m² can
            for (int i = 0; i < C; i++) {
                float d = inp[o + i] - m;
                v += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(v / C + eps));
            for (int i = 0; i < C; i++) {
                float n = (inp[o + i] - m) * s;
                out[o + i] = n * weight[i] + (bias == null ? 0f : bias[i]);
            }
            mean[r] = m;
            rstd[r] = s;
        }
    }

    public static void layerNormForwardSimd(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight,
                                            float[] bias, float eps, int r0, int r1, int C) {
        Vectorized.layerNormForward(out, mean, rstd, inp, weight, bias, eps, r0, r1, C);
    }

    /**
     * dinp += rstd · (dn − mean(dn) − n · mean(dn·n)) with n = (x − mean)·rstd and dn = dout·weight;
     * dweight += Σ dout·n, dbias += Σ dout. Any of dinp, dweight, dbias may be null (not needed).
     */
    public static void layerNormBackward(float[] dinp, float[] dweight, float[] dbias, float[] dout, float[] inp,
                                         float[] weight, float[] mean, float[] rstd, int N, int C, Parallel pool) {
        if (dinp != null) {
            pool.forRange(N, minRows(C), (r0, r1) -> {
                if (Simd.ENABLED) {
                    layerNormBackwardInputSimd(dinp, dout, inp, weight, mean, rstd, r0, r1, C);
                } else {
                    layerNormBackwardInputScalar(dinp, dout, inp, weight, mean, rstd, r0, r1, C);
                }
            });
        }
        paramBackward(dweight, dbias, dout, inp, mean, rstd, N, C, pool);
    }

    public static void layerNormBackwardInputScalar(float[] dinp, float[] dout, float[] inp, float[] weight,
                                                    float[] mean, float[] rstd, int r0, int r1, int C) {
        for (int r = r0; r < r1; r++) {
            int o = r * C;
            float m = mean[r];
            float s = rstd[r];
            float dnMean = 0f;
            float dnNormMean = 0f;
            for (int i = 0; i < C; i++) {
                float dn = weight[i] * dout[o + i];
                dnMean += dn;
                dnNormMean += dn * ((inp[o + i] - m) * s);
            }
            dnMean /= C;
            dnNormMean /= C;
            for (int i = 0; i < C; i++) {
                float n = (inp[o + i] - m) * s;
                float dn = weight[i] * dout[o + i];
                dinp[o + i] += (dn - dnMean - n * dnNormMean) * s;
            }
        }
    }

    public static void layerNormBackwardInputSimd(float[] dinp, float[] dout, float[] inp, float[] weight,
                                                  float[] mean, float[] rstd, int r0, int r1, int C) {
        Vectorized.layerNormBackwardInput(dinp, dout, inp, weight, mean, rstd, r0, r1, C);
    }

    // ---- weight and bias gradients, shared --------------------------------------------------------

    /**
     * dweight[c] += Σ_r dout[r,c]·n[r,c], dbias[c] += Σ_r dout[r,c], with n = (x − mean)·rstd, or
     * n = x·rstd when {@code mean} is null (RMSNorm). Split over columns; rows are summed in order.
     * Scalar only: one multiply-add per element, memory-bound, and the column split already keeps
     * the inner loop contiguous for the JIT's auto-vectorizer.
     */
    public static void paramBackward(float[] dweight, float[] dbias, float[] dout, float[] inp, float[] mean,
                                     float[] rstd, int N, int C, Parallel pool) {
        if (dweight == null && dbias == null) {
            return;
        }
        pool.forRange(C, 64, (c0, c1) -> {
            for (int r = 0; r < N; r++) {
                int o = r * C;
                float m = mean == null ? 0f : mean[r];
                float s = rstd[r];
                for (int c = c0; c < c1; c++) {
                    float g = dout[o + c];
                    if (dweight != null) {
                        dweight[c] += g * ((inp[o + c] - m) * s);
                    }
                    if (dbias != null) {
                        dbias[c] += g;
                    }
                }
            }
        });
    }

    /** Σ a[off .. off+n) with a vector accumulator and a scalar tail (shared by the SIMD twins). */
    static float sum(float[] a, int off, int n) {
        return Vectorized.sum(a, off, n);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void layerNormForward(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight,
                                     float[] bias, float eps, int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float m = sum(inp, o, C) / C;
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector d = FloatVector.fromArray(S, inp, o + i).sub(m);
                    acc = d.fma(d, acc);
                }
                float v = Lanes.sum(acc);
                for (; i < C; i++) {
                    float d = inp[o + i] - m;
                    v += d * d;
                }
                float s = (float) (1.0 / Math.sqrt(v / C + eps));
                for (i = 0; i < bound; i += S.length()) {
                    FloatVector n = FloatVector.fromArray(S, inp, o + i).sub(m).mul(s);
                    FloatVector w = FloatVector.fromArray(S, weight, i);
                    FloatVector y = bias == null ? n.mul(w) : n.fma(w, FloatVector.fromArray(S, bias, i));
                    y.intoArray(out, o + i);
                }
                for (; i < C; i++) {
                    float n = (inp[o + i] - m) * s;
                    out[o + i] = n * weight[i] + (bias == null ? 0f : bias[i]);
                }
                mean[r] = m;
                rstd[r] = s;
            }
        }

        static void layerNormBackwardInput(float[] dinp, float[] dout, float[] inp, float[] weight,
                                           float[] mean, float[] rstd, int r0, int r1, int C) {
            int bound = S.loopBound(C);
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float m = mean[r];
                float s = rstd[r];
                FloatVector accMean = FloatVector.zero(S);
                FloatVector accNorm = FloatVector.zero(S);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector dn = FloatVector.fromArray(S, weight, i).mul(FloatVector.fromArray(S, dout, o + i));
                    FloatVector n = FloatVector.fromArray(S, inp, o + i).sub(m).mul(s);
                    accMean = accMean.add(dn);
                    accNorm = dn.fma(n, accNorm);
                }
                float dnMean = Lanes.sum(accMean);
                float dnNormMean = Lanes.sum(accNorm);
                for (; i < C; i++) {
                    float dn = weight[i] * dout[o + i];
                    dnMean += dn;
                    dnNormMean += dn * ((inp[o + i] - m) * s);
                }
                dnMean /= C;
                dnNormMean /= C;
                for (i = 0; i < bound; i += S.length()) {
                    FloatVector dn = FloatVector.fromArray(S, weight, i).mul(FloatVector.fromArray(S, dout, o + i));
                    FloatVector n = FloatVector.fromArray(S, inp, o + i).sub(m).mul(s);
                    FloatVector d = n.neg().fma(FloatVector.broadcast(S, dnNormMean), dn.sub(dnMean)).mul(s);
                    FloatVector.fromArray(S, dinp, o + i).add(d).intoArray(dinp, o + i);
                }
                for (; i < C; i++) {
                    float n = (inp[o + i] - m) * s;
                    float dn = weight[i] * dout[o + i];
                    dinp[o + i] += (dn - dnMean - n * dnNormMean) * s;
                }
            }
        }

        static float sum(float[] a, int off, int n) {
            int bound = S.loopBound(n);
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += S.length()) {
                acc = acc.add(FloatVector.fromArray(S, a, off + i));
            }
            float s = Lanes.sum(acc);
            for (; i < n; i++) {
                s += a[off + i];
            }
            return s;
        }
    }
}
