package io.github.swapformer.arch.attention;

import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Attention written out in double-precision loops straight from Vaswani et al. 2017, eq. 1 and
 * §3.2.2, without positional terms: an independent reference for the kernels (cross-attention,
 * or self-attention with NoPE).
 */
final class ReferenceAttention {
    private ReferenceAttention() {
    }

    /** x (B, T, C) attends over memory (B, S, C) with an additive mask (B, 1, T, S) or null; (B, T, C). */
    static double[] compute(Attention a, Tensor x, Tensor memory, Tensor mask) {
        int B = x.dim(0);
        int T = x.dim(1);
        int S = memory.dim(1);
        int NH = a.shape().nHeads();
        int NKV = a.shape().nKvHeads();
        int HS = a.shape().headDim();
        int C = a.shape().dModel();
        double[] q = linear(a.query(), x.data(), B * T);
        double[] k = linear(a.key(), memory.data(), B * S);
        double[] v = linear(a.value(), memory.data(), B * S);
        double[] heads = new double[B * T * NH * HS];
        double scale = 1 / Math.sqrt(HS);
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                int g = h / (NH / NKV);
                for (int t = 0; t < T; t++) {
                    double[] z = new double[S];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < S; s++) {
                        double dot = 0;
                        for (int d = 0; d < HS; d++) {
                            dot += q[(b * T + t) * NH * HS + h * HS + d] * k[(b * S + s) * NKV * HS + g * HS + d];
                        }
                        z[s] = dot * scale + (mask == null ? 0 : mask.data()[(b * T + t) * S + s]);
                        max = Math.max(max, z[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s < S; s++) {
                        z[s] = Math.exp(z[s] - max);
                        sum += z[s];
                    }
                    for (int s = 0; s < S; s++) {
                        for (int d = 0; d < HS; d++) {
                            heads[(b * T + t) * NH * HS + h * HS + d] += z[s] / sum * v[(b * S + s) * NKV * HS + g * HS + d];
                        }
                    }
                }
            }
        }
        double[] out = new double[B * T * C];
        Linear o = a.output();
        for (int r = 0; r < B * T; r++) {
            for (int c = 0; c < C; c++) {
                double s = o.bias() == null ? 0 : o.bias().data()[c];
                for (int i = 0; i < NH * HS; i++) {
                    s += heads[r * NH * HS + i] * o.weight().data()[c * NH * HS + i];
                }
                out[r * C + c] = s;
            }
        }
        return out;
    }

    private static double[] linear(Linear l, float[] x, int rows) {
        int in = l.inFeatures();
        int out = l.outFeatures();
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = l.bias() == null ? 0 : l.bias().data()[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * l.weight().data()[o * in + i];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }
}
