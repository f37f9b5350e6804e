package io.github.swapformer.positional;

import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels of additive absolute encodings: {@code addRows} adds table row {@code rows[bt]} to
 * token bt of x (BT, C); {@code scatterRows}, its transpose, accumulates token gradients into
 * table rows, split over columns so that every table entry sums its tokens in a fixed order.
 */
public final class AbsoluteKernels {
    private AbsoluteKernels() {
    }

    /** out(BT, C) = x(BT, C) + table[rows[bt]]. */
    public static void addRows(float[] out, float[] x, float[] table, int[] rows, int BT, int C, Parallel pool) {
        pool.forRange(BT, 16, (from, to) -> {
            if (Simd.ENABLED) {
                addRowsSimd(out, x, table, rows, from, to, C);
            } else {
                addRowsScalar(out, x, table, rows, from, to, C);
            }
        });
    }

    /** The specification, over tokens [from, to). */
    public static void addRowsScalar(float[] out, float[] x, float[] table, int[] rows, int from, int to, int C) {
        for (int t = from; t < to; t++) {
            int tb = rows[t] * C;
            for (int c = 0; c < C; c++) {
                out[t * C + c] = x[t * C + c] + table[tb + c];
            }
        }
    }

    /** The Vector API twin of {@link #addRowsScalar}. */
    public static void addRowsSimd(float[] out, float[] x, float[] table, int[] rows, int from, int to, int C) {
        Vectorized.addRows(out, x, table, rows, from, to, C);
    }

    /** dtable[rows[bt]] += dy(BT, C), columns split over the pool. */
    public static void scatterRows(float[] dtable, float[] dy, int[] rows, int BT, int C, Parallel pool) {
        pool.forRange(C, 16, (c0, c1) -> {
            for (int t = 0; t < BT; t++) {
                int tb = rows[t] * C;
                for (int c = c0; c < c1; c++) {
                    dtable[tb + c] += dy[t * C + c];
                }
            }
        });
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void addRows(float[] out, float[] x, float[] table, int[] rows, int from, int to, int C) {
            int bound = SPECIES.loopBound(C);
            for (int t = from; t < to; t++) {
                int tb = rows[t] * C;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    FloatVector.fromArray(SPECIES, x, t * C + c).add(FloatVector.fromArray(SPECIES, table, tb + c)).intoArray(out, t * C + c);
                }
                for (; c < C; c++) {
                    out[t * C + c] = x[t * C + c] + table[tb + c];
                }
            }
        }
    }
}
