package io.github.swapformer.positional;

import io.github.swapformer.core.parallel.Parallel;

/**
 * FIRE's forward and backward over scores (B, NH, T, S), row (b, i) at a time. Queries at or
 * below the threshold read the per-distance bias table; queries past it evaluate the MLP per key.
 * Parameter gradients are reduced in a fixed order (per head, then fixed row chunks summed in
 * chunk order), so they do not depend on the thread count.
 */
final class FireKernels {
    private static final int CHUNKS = 32;

    private FireKernels() {
    }

    static void forward(float[] out, float[] scores, FireGeometry g, Parallel pool) {
        pool.forRange(g.B * g.T, 4, (r0, r1) -> forwardRows(out, scores, g, r0, r1));
    }

    /** out = scores + bias for rows (b, i) in [r0, r1) of the flattened (B·T) axis. */
    static void forwardRows(float[] out, float[] scores, FireGeometry g, int r0, int r1) {
        int NH = g.mlp.heads;
        int T = g.T;
        int S = g.S;
        float[] bias = new float[NH];
        float[] hidden = new float[g.mlp.width];
        for (int row = r0; row < r1; row++) {
            int b = row / T;
            int i = row % T;
            int qp = g.qpos[row];
            boolean tabulated = g.atThreshold(qp);
            float n = g.normalizer(qp);
            for (int j = 0; j < S; j++) {
                int a = Math.abs(qp - g.kpos[b * S + j]);
                if (tabulated) {
                    System.arraycopy(g.biasByDistance, a * NH, bias, 0, NH);
                } else {
                    g.mlp.forward(g.psi[a] / n, bias, hidden);
                }
                for (int h = 0; h < NH; h++) {
                    int idx = ((b * NH + h) * T + i) * S + j;
                    out[idx] = scores[idx] + bias[h];
                }
            }
        }
    }

    /** The parameter gradients [MLP…, c, ℓ] of Σ dout·bias. */
    static double[] backward(float[] dout, FireGeometry g, Parallel pool) {
        int NH = g.mlp.heads;
        int size = g.mlp.gradSize();
        double[] grads = new double[size + 2];
        tabulatedRows(dout, g, grads, pool);
        int rows = g.B * g.T;
        double[][] partial = new double[CHUNKS][size + 2];
        pool.forRange(CHUNKS, 1, (k0, k1) -> {
            float[] gh = new float[NH];
            for (int k = k0; k < k1; k++) {
                for (int row = (int) ((long) rows * k / CHUNKS); row < (int) ((long) rows * (k + 1) / CHUNKS); row++) {
                    directRow(dout, g, row, gh, partial[k], size);
                }
            }
        });
        for (double[] p : partial) {
            for (int i = 0; i < grads.length; i++) {
                grads[i] += p[i];
            }
        }
        return grads;
    }

    /** Rows at the threshold: sum dout per (distance, head) first, then one MLP backward per distance. */
    private static void tabulatedRows(float[] dout, FireGeometry g, double[] grads, Parallel pool) {
        int NH = g.mlp.heads;
        int T = g.T;
        int S = g.S;
        int distances = g.psi.length;
        double[] byDistance = new double[distances * NH];
        pool.forRange(NH, 1, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                for (int b = 0; b < g.B; b++) {
                    for (int i = 0; i < T; i++) {
                        int qp = g.qpos[b * T + i];
                        if (!g.atThreshold(qp)) {
                            continue;
                        }
                        int base = ((b * NH + h) * T + i) * S;
                        for (int j = 0; j < S; j++) {
                            byDistance[Math.abs(qp - g.kpos[b * S + j]) * NH + h] += dout[base + j];
                        }
                    }
                }
            }
        });
        int size = g.mlp.gradSize();
        float[] gh = new float[NH];
        for (int a = 0; a < distances; a++) {
            boolean any = false;
            for (int h = 0; h < NH; h++) {
                gh[h] = (float) byDistance[a * NH + h];
                any |= gh[h] != 0f;
            }
            if (any) {
                double du = g.mlp.backward(g.psi[a] / g.thresholdNormalizer, gh, grads);
                grads[size] += du * g.duDc(a, g.threshold);
                grads[size + 1] += du * g.duDl(a);
            }
        }
    }

    /** A row past the threshold: the MLP backward per key; ℓ gets nothing (the max picks the position). */
    private static void directRow(float[] dout, FireGeometry g, int row, float[] gh, double[] grads, int size) {
        int NH = g.mlp.heads;
        int T = g.T;
        int S = g.S;
        int qp = g.qpos[row];
        if (g.atThreshold(qp)) {
            return;
        }
        int b = row / T;
        int i = row % T;
        float n = g.normalizer(qp);
        for (int j = 0; j < S; j++) {
            int a = Math.abs(qp - g.kpos[b * S + j]);
            for (int h = 0; h < NH; h++) {
                gh[h] = dout[((b * NH + h) * T + i) * S + j];
            }
            double du = g.mlp.backward(g.psi[a] / n, gh, grads);
            grads[size] += du * g.duDc(a, qp);
        }
    }
}
