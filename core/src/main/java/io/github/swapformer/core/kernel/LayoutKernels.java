package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Swapping the two middle axes of a (B, A1, A2, D) array into (B, A2, A1, D): with A1 = T, A2 = NH,
 * D = HS it splits attention heads, (B, T, NH, HS) → (B, NH, T, HS), as the
 * {@code view(B, T, nh, hs).transpose(1, 2)} of nanoGPT; with A1 = NH, A2 = T it merges them back.
 *
 * <p>The forward is a copy of D-float blocks: {@link #swapMiddleAxesScalar} is the specification and
 * {@link #swapMiddleAxes} copies each block with {@link System#arraycopy} (no Vector API twin: a copy
 * has nothing to compute). The backward is the inverse swap but accumulates, so it has a scalar
 * spec and a Vector API twin. Work is split over the B·A1 input rows.
 */
public final class LayoutKernels {
    private LayoutKernels() {
    }

    /** out[b, j, i, :] = inp[b, i, j, :] for inp (B, A1, A2, D), out (B, A2, A1, D). */
    public static void swapMiddleAxes(float[] out, float[] inp, int B, int A1, int A2, int D, Parallel pool) {
        pool.forRange(B * A1, NormKernels.minRows(A2 * D), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int b = r / A1;
                int i = r % A1;
                for (int j = 0; j < A2; j++) {
                    System.arraycopy(inp, (r * A2 + j) * D, out, ((b * A2 + j) * A1 + i) * D, D);
                }
            }
        });
    }

    public static void swapMiddleAxesScalar(float[] out, float[] inp, int B, int A1, int A2, int D) {
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < A1; i++) {
                for (int j = 0; j < A2; j++) {
                    for (int d = 0; d < D; d++) {
                        out[((b * A2 + j) * A1 + i) * D + d] = inp[((b * A1 + i) * A2 + j) * D + d];
                    }
                }
            }
        }
    }

    /**
     * The backward of {@link #swapMiddleAxes}: dinp[b, i, j, :] += dout[b, j, i, :] for dinp
     * (B, A1, A2, D), dout (B, A2, A1, D).
     */
    public static void swapMiddleAxesBackward(float[] dinp, float[] dout, int B, int A1, int A2, int D, Parallel pool) {
        pool.forRange(B * A1, NormKernels.minRows(A2 * D), (r0, r1) -> {
            if (Simd.ENABLED) {
                swapMiddleAxesBackwardSimd(dinp, dout, A1, A2, D, r0, r1);
            } else {
                swapMiddleAxesBackwardScalar(dinp, dout, A1, A2, D, r0, r1);
            }
        });
    }

    /** Rows r = b·A1 + i in [r0, r1) of dinp. */
    public static void swapMiddleAxesBackwardScalar(float[] dinp, float[] dout, int A1, int A2, int D, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int b = r / A1;
            int i = r % A1;
            for (int j = 0; j < A2; j++) {
                int to = (r * A2 + j) * D;
                int from = ((b * A2 + j) * A1 + i) * D;
                for (int d = 0; d < D; d++) {
                    dinp[to + d] += dout[from + d];
                }
            }
        }
    }

    public static void swapMiddleAxesBackwardSimd(float[] dinp, float[] dout, int A1, int A2, int D, int r0, int r1) {
        Vectorized.swapMiddleAxesBackward(dinp, dout, A1, A2, D, r0, r1);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void swapMiddleAxesBackward(float[] dinp, float[] dout, int A1, int A2, int D, int r0, int r1) {
            int bound = S.loopBound(D);
            for (int r = r0; r < r1; r++) {
                int b = r / A1;
                int i = r % A1;
                for (int j = 0; j < A2; j++) {
                    int to = (r * A2 + j) * D;
                    int from = ((b * A2 + j) * A1 + i) * D;
                    int d = 0;
                    for (; d < bound; d += S.length()) {
                        FloatVector.fromArray(S, dinp, to + d).add(FloatVector.fromArray(S, dout, from + d)).intoArray(dinp, to + d);
                    }
                    for (; d < D; d++) {
                        dinp[to + d] += dout[from + d];
                    }
                }
            }
        }
    }
}
