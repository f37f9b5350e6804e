package io.github.swapformer.positional;

import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels between a score-shaped array (B, NH, T, S) and a relative-position table. For the row
 * r = (b, h, i), the table entries live at {@code base = r·rowStride + h·headStride} plus
 * {@link RelativeLayout#at}: a per-head table (T5, ALiBi: rowStride 0, headStride 1) or one table
 * row per score row (Shaw's q·a terms: rowStride R, headStride 0).
 *
 * <p>{@code gather}: out[r, j] = in[r, j] + scale·table[base + idx(i, j)] (in may be out).
 * {@code scatter}, its transpose: table[base + idx(i, j)] += scale·in[r, j].
 */
public final class RelativeKernels {
    private RelativeKernels() {
    }

    public static void gather(float[] out, float[] in, float[] table, int rowStride, int headStride, float scale,
                              RelativeLayout L, int NH, Parallel pool) {
        pool.forRange(L.B() * NH * L.T(), 16, (from, to) -> {
            if (Simd.ENABLED) {
                gatherSimd(out, in, table, rowStride, headStride, scale, L, NH, from, to);
            } else {
                gatherScalar(out, in, table, rowStride, headStride, scale, L, NH, from, to);
            }
        });
    }

    /** The specification, over score rows [from, to). */
    public static void gatherScalar(float[] out, float[] in, float[] table, int rowStride, int headStride, float scale,
                                    RelativeLayout L, int NH, int from, int to) {
        int T = L.T();
        int S = L.S();
        for (int r = from; r < to; r++) {
            int b = r / (NH * T);
            int h = (r / T) % NH;
            int i = r % T;
            int base = r * rowStride + h * headStride;
            for (int j = 0; j < S; j++) {
                out[r * S + j] = in[r * S + j] + scale * table[base + L.at(b, i, j)];
            }
        }
    }

    /** The Vector API twin: a gather through the distance index when the row's keys are consecutive. */
    public static void gatherSimd(float[] out, float[] in, float[] table, int rowStride, int headStride, float scale,
                                  RelativeLayout L, int NH, int from, int to) {
        Vectorized.gather(out, in, table, rowStride, headStride, scale, L, NH, from, to);
    }

    /**
     * The transpose of {@link #gather}. Per-row tables split over rows; a shared per-head table
     * splits over heads, each head summing its rows in a fixed order (deterministic).
     */
    public static void scatter(float[] table, float[] in, int rowStride, int headStride, float scale,
                               RelativeLayout L, int NH, Parallel pool) {
        int T = L.T();
        if (rowStride != 0) {
            pool.forRange(L.B() * NH * T, 16, (from, to) -> scatterScalar(table, in, rowStride, headStride, scale, L, NH, from, to));
        } else {
            pool.forRange(NH, 1, (h0, h1) -> {
                for (int h = h0; h < h1; h++) {
                    if (Simd.ENABLED) {
                        scatterHeadSimd(table, in, headStride, scale, L, NH, h);
                    } else {
                        scatterHeadScalar(table, in, headStride, scale, L, NH, h);
                    }
                }
            });
        }
    }

    /** The specification of the per-head scatter: every row of head h, in order. */
    public static void scatterHeadScalar(float[] table, float[] in, int headStride, float scale, RelativeLayout L, int NH, int h) {
        for (int b = 0; b < L.B(); b++) {
            int r0 = (b * NH + h) * L.T();
            scatterScalar(table, in, 0, headStride, scale, L, NH, r0, r0 + L.T());
        }
    }

    /**
     * The Vector API twin of {@link #scatterHeadScalar}: a score row with consecutive keys has
     * consecutive distances, so it is added as a whole into a per-distance sum; the sums are then
     * folded into the buckets. Same terms, another order of summation (rounding differs).
     */
    public static void scatterHeadSimd(float[] table, float[] in, int headStride, float scale, RelativeLayout L, int NH, int h) {
        Vectorized.scatterHead(table, in, headStride, scale, L, NH, h);
    }

    /** The specification of the scatter, over score rows [from, to). */
    public static void scatterScalar(float[] table, float[] in, int rowStride, int headStride, float scale,
                                     RelativeLayout L, int NH, int from, int to) {
        int T = L.T();
        int S = L.S();
        for (int r = from; r < to; r++) {
            int b = r / (NH * T);
            int h = (r / T) % NH;
            int i = r % T;
            int base = r * rowStride + h * headStride;
            for (int j = 0; j < S; j++) {
                table[base + L.at(b, i, j)] += scale * in[r * S + j];
            }
        }
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void gather(float[] out, float[] in, float[] table, int rowStride, int headStride, float scale,
                           RelativeLayout L, int NH, int from, int to) {
            int T = L.T();
            int S = L.S();
            int bound = SPECIES.loopBound(S);
            int[] idx = L.index();
            for (int r = from; r < to; r++) {
                int b = r / (NH * T);
                if (!L.contiguousKeys()[b]) {
                    gatherScalar(out, in, table, rowStride, headStride, scale, L, NH, r, r + 1);
                    continue;
                }
                int h = (r / T) % NH;
                int i = r % T;
                int base = r * rowStride + h * headStride;
                int map0 = L.kpos()[b * S] - L.qpos()[b * T + i] - L.dMin();
                int j = 0;
                for (; j < bound; j += SPECIES.length()) {
                    FloatVector g = FloatVector.fromArray(SPECIES, table, base, idx, map0 + j);
                    FloatVector.fromArray(SPECIES, in, r * S + j).add(g.mul(scale)).intoArray(out, r * S + j);
                }
                for (; j < S; j++) {
                    out[r * S + j] = in[r * S + j] + scale * table[base + idx[map0 + j]];
                }
            }
        }

        static void scatterHead(float[] table, float[] in, int headStride, float scale, RelativeLayout L, int NH, int h) {
            int T = L.T();
            int S = L.S();
            int[] idx = L.index();
            float[] byDistance = new float[idx.length];
            int bound = SPECIES.loopBound(S);
            for (int b = 0; b < L.B(); b++) {
                for (int i = 0; i < T; i++) {
                    int r = (b * NH + h) * T + i;
                    int qOff = L.qpos()[b * T + i] + L.dMin();
                    if (!L.contiguousKeys()[b]) {
                        for (int j = 0; j < S; j++) {
                            byDistance[L.kpos()[b * S + j] - qOff] += in[r * S + j];
                        }
                        continue;
                    }
                    int map0 = L.kpos()[b * S] - qOff;
                    int j = 0;
                    for (; j < bound; j += SPECIES.length()) {
                        FloatVector.fromArray(SPECIES, byDistance, map0 + j)
                                .add(FloatVector.fromArray(SPECIES, in, r * S + j)).intoArray(byDistance, map0 + j);
                    }
                    for (; j < S; j++) {
                        byDistance[map0 + j] += in[r * S + j];
                    }
                }
            }
            for (int d = 0; d < idx.length; d++) {
                table[h * headStride + idx[d]] += scale * byDistance[d];
            }
        }
    }
}
