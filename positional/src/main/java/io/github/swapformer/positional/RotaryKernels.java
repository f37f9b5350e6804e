package io.github.swapformer.positional;

import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The rotation kernel of rotary encodings (RoPE, xPos): every head row of x (B, H, T, HS) is
 * rotated by the table row of its token's position; dimensions past {@code rotDim} pass through
 * (partial rotary). {@code y[d] = x[d]·cos[d] + x[partner(d)]·sin[d]} with the sign folded into
 * the table (see {@link RotaryTable}). The backward pass is the same kernel with the negated sin
 * table and {@code accumulate}: a rotation by −θ added into dx.
 *
 * <p>Rows are the flattened (B·H·T) axis; row r reads table row {@code pos[b·T + t]}.
 */
public final class RotaryKernels {
    private RotaryKernels() {
    }

    /** Rotates every row of {@code in} into {@code out} (or adds into it), split over the pool. */
    public static void rotate(RotaryPairing pairing, float[] out, float[] in, float[] cos, float[] sin, int[] pos,
                              int B, int H, int T, int HS, int rotDim, boolean accumulate, Parallel pool) {
        pool.forRange(B * H * T, 64, (from, to) -> {
            if (pairing == RotaryPairing.ADJACENT) {
                if (Simd.ENABLED) {
                    adjacentSimd(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
                } else {
                    adjacentScalar(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
                }
            } else if (Simd.ENABLED) {
                halfSimd(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
            } else {
                halfScalar(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
            }
        });
    }

    /** Pairs (2i, 2i+1): the specification. */
    public static void adjacentScalar(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                                      int H, int T, int HS, int rotDim, boolean accumulate) {
        for (int r = from; r < to; r++) {
            int base = r * HS;
            int tb = tableBase(pos, r, H, T, rotDim);
            for (int d = 0; d < rotDim; d++) {
                float y = in[base + d] * cos[tb + d] + in[base + (d ^ 1)] * sin[tb + d];
                out[base + d] = accumulate ? out[base + d] + y : y;
            }
            passThroughScalar(out, in, base + rotDim, HS - rotDim, accumulate);
        }
    }

    /** Pairs (i, i + rotDim/2): the specification. */
    public static void halfScalar(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                                  int H, int T, int HS, int rotDim, boolean accumulate) {
        int half = rotDim / 2;
        for (int r = from; r < to; r++) {
            int base = r * HS;
            int tb = tableBase(pos, r, H, T, rotDim);
            for (int d = 0; d < rotDim; d++) {
                int partner = d < half ? d + half : d - half;
                float y = in[base + d] * cos[tb + d] + in[base + partner] * sin[tb + d];
                out[base + d] = accumulate ? out[base + d] + y : y;
            }
            passThroughScalar(out, in, base + rotDim, HS - rotDim, accumulate);
        }
    }

    /** The Vector API twin of {@link #adjacentScalar}: pairs swapped within a vector by a shuffle. */
    public static void adjacentSimd(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                                    int H, int T, int HS, int rotDim, boolean accumulate) {
        Vectorized.adjacent(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
    }

    /** The Vector API twin of {@link #halfScalar}: both halves in one pass over i. */
    public static void halfSimd(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                                int H, int T, int HS, int rotDim, boolean accumulate) {
        Vectorized.half(out, in, cos, sin, pos, from, to, H, T, HS, rotDim, accumulate);
    }

    private static int tableBase(int[] pos, int r, int H, int T, int rotDim) {
        int b = r / (H * T);
        int t = r % T;
        return pos[b * T + t] * rotDim;
    }

    private static void passThroughScalar(float[] out, float[] in, int off, int n, boolean accumulate) {
        for (int d = 0; d < n; d++) {
            out[off + d] = accumulate ? out[off + d] + in[off + d] : in[off + d];
        }
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(SPECIES, i -> i ^ 1);

        private Vectorized() {
        }

        static void adjacent(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                             int H, int T, int HS, int rotDim, boolean accumulate) {
            int step = SPECIES.length();
            int bound = SPECIES.loopBound(rotDim); // the vector length is even, so no pair straddles it
            for (int r = from; r < to; r++) {
                int base = r * HS;
                int tb = tableBase(pos, r, H, T, rotDim);
                int d = 0;
                for (; d < bound; d += step) {
                    FloatVector x = FloatVector.fromArray(SPECIES, in, base + d);
                    FloatVector swapped = x.rearrange(SWAP_PAIRS);
                    FloatVector y = x.fma(FloatVector.fromArray(SPECIES, cos, tb + d),
                            swapped.mul(FloatVector.fromArray(SPECIES, sin, tb + d)));
                    if (accumulate) {
                        y = y.add(FloatVector.fromArray(SPECIES, out, base + d));
                    }
                    y.intoArray(out, base + d);
                }
                for (; d < rotDim; d++) {
                    float y = in[base + d] * cos[tb + d] + in[base + (d ^ 1)] * sin[tb + d];
                    out[base + d] = accumulate ? out[base + d] + y : y;
                }
                passThrough(out, in, base + rotDim, HS - rotDim, accumulate);
            }
        }

        static void half(float[] out, float[] in, float[] cos, float[] sin, int[] pos, int from, int to,
                         int H, int T, int HS, int rotDim, boolean accumulate) {
            int half = rotDim / 2;
            int step = SPECIES.length();
            int bound = SPECIES.loopBound(half);
            for (int r = from; r < to; r++) {
                int lo = r * HS;
                int hi = lo + half;
                int tb = tableBase(pos, r, H, T, rotDim);
                int i = 0;
                for (; i < bound; i += step) {
                    FloatVector x1 = FloatVector.fromArray(SPECIES, in, lo + i);
                    FloatVector x2 = FloatVector.fromArray(SPECIES, in, hi + i);
                    FloatVector y1 = x1.fma(FloatVector.fromArray(SPECIES, cos, tb + i),
                            x2.mul(FloatVector.fromArray(SPECIES, sin, tb + i)));
                    FloatVector y2 = x2.fma(FloatVector.fromArray(SPECIES, cos, tb + half + i),
                            x1.mul(FloatVector.fromArray(SPECIES, sin, tb + half + i)));
                    if (accumulate) {
                        y1 = y1.add(FloatVector.fromArray(SPECIES, out, lo + i));
                        y2 = y2.add(FloatVector.fromArray(SPECIES, out, hi + i));
                    }
                    y1.intoArray(out, lo + i);
                    y2.intoArray(out, hi + i);
                }
                for (; i < half; i++) {
                    float x1 = in[lo + i];
                    float x2 = in[hi + i];
                    float y1 = x1 * cos[tb + i] + x2 * sin[tb + i];
                    float y2 = x2 * cos[tb + half + i] + x1 * sin[tb + half + i];
                    out[lo + i] = accumulate ? out[lo + i] + y1 : y1;
                    out[hi + i] = accumulate ? out[hi + i] + y2 : y2;
                }
                passThrough(out, in, lo + rotDim, HS - rotDim, accumulate);
            }
        }

        static void passThrough(float[] out, float[] in, int off, int n, boolean accumulate) {
            if (!accumulate) {
                System.arraycopy(in, off, out, off, n);
                return;
            }
            int d = 0;
            for (int bound = SPECIES.loopBound(n); d < bound; d += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, out, off + d).add(FloatVector.fromArray(SPECIES, in, off + d)).intoArray(out, off + d);
            }
            for (; d < n; d++) {
                out[off + d] += in[off + d];
            }
        }
    }
}
