package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Embedding lookup (a row gather from a (V, C) table) and its backward, a scatter-add into the
 * table's gradient, as llm.c's {@code encoder_forward/backward} without the position table.
 *
 * <p>The forward is a memory copy, so it has no SIMD twin: {@link System#arraycopy} is already the
 * fastest copy the JVM has. The backward must stay deterministic although two positions may share an
 * id: it is split over column blocks, never over ids, and each column sums positions in index order;
 * its scalar spec has a Vector API twin for the row additions.
 */
public final class EmbeddingKernels {
    private EmbeddingKernels() {
    }

    /** out[n, :] = table[ids[n], :] for n in [0, N); ids are assumed already checked to lie in [0, V). */
    public static void forward(float[] out, float[] table, int[] ids, int N, int C, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(C), (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                System.arraycopy(table, ids[n] * C, out, n * C, C);
            }
        });
    }

    /** dtable[ids[n], :] += dout[n, :], columns split over the pool (blocks of whole vectors). */
    public static void backward(float[] dtable, float[] dout, int[] ids, int N, int C, Parallel pool) {
        int blocks = (C + Simd.LANES - 1) / Simd.LANES;
        pool.forRange(blocks, 4, (b0, b1) -> {
            int c0 = b0 * Simd.LANES;
            int c1 = Math.min(C, b1 * Simd.LANES);
            if (Simd.ENABLED) {
                backwardSimd(dtable, dout, ids, N, C, c0, c1);
            } else {
                backwardScalar(dtable, dout, ids, N, C, c0, c1);
            }
        });
    }

    /** dtable[ids[n], c] += dout[n, c] for columns c in [c0, c1), positions n in order. */
    public static void backwardScalar(float[] dtable, float[] dout, int[] ids, int N, int C, int c0, int c1) {
        for (int n = 0; n < N; n++) {
            int t = ids[n] * C;
            int o = n * C;
            for (int c = c0; c < c1; c++) {
                dtable[t + c] += dout[o + c];
            }
        }
    }

    public static void backwardSimd(float[] dtable, float[] dout, int[] ids, int N, int C, int c0, int c1) {
        Vectorized.backward(dtable, dout, ids, N, C, c0, c1);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void backward(float[] dtable, float[] dout, int[] ids, int N, int C, int c0, int c1) {
            int bound = c0 + S.loopBound(c1 - c0);
            for (int n = 0; n < N; n++) {
                int t = ids[n] * C;
                int o = n * C;
                int c = c0;
                for (; c < bound; c += S.length()) {
                    FloatVector.fromArray(S, dtable, t + c).add(FloatVector.fromArray(S, dout, o + c)).intoArray(dtable, t + c);
                }
                for (; c < c1; c++) {
                    dtable[t + c] += dout[o + c];
                }
            }
        }
    }
}
