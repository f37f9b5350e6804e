package io.github.swapformer.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API matrix products without packing, for shapes too small to repay it (attention heads,
 * a single row at generation time). A·B and Aᵀ·B broadcast an element of A against four vectors
 * of a row of B; A·Bᵀ takes dot products along k, four rows of B at a time, each reduced across
 * lanes at the end. Every output element's arithmetic depends only on K (in A·B a vector lane and
 * the scalar tail run the same fma chain), never on which block of the output a call is given, so
 * any split over threads, by rows or by columns, gives bitwise the same result.
 *
 * <p>All Vector API: only {@link MatmulKernels}' SIMD twins reach this class, so it is a
 * {@code Vectorized} holder as a whole (the rule in {@link Simd}).
 */
final class MatmulSmall {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // For the four-at-once lane sums of dot4 (16 lanes only): lane swaps i ↔ i XOR d, and lane masks.
    private static final VectorShuffle<Float> SWAP8 = swap(8);
    private static final VectorShuffle<Float> SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP2 = swap(2);
    private static final VectorShuffle<Float> SWAP1 = swap(1);
    private static final VectorMask<Float> UPPER8 = lanes(0xFF00L);
    private static final VectorMask<Float> ODD4 = lanes(0xF0F0L);

    private MatmulSmall() {
    }

    /** Block [m0, m1) × [n0, n1) of out(M,N) = A·B for the NN and TN layouts (rows of B contiguous). */
    static void broadcast(MatmulLayout layout, float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, int m0, int m1, int n0, int n1, boolean accumulate) {
        int rsA = layout.aRowStride(M, K);
        int csA = layout.aColStride(M, K);
        int n4 = n0 + (n1 - n0) / (4 * L) * (4 * L);
        int nv = n4 + S.loopBound(n1 - n4);
        for (int m = m0; m < m1; m++) {
            int ar = aOff + m * rsA;
            int o = outOff + m * N;
            for (int n = n0; n < n4; n += 4 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int k = 0, q = bOff + n; k < K; k++, q += N) {
                    FloatVector x = FloatVector.broadcast(S, a[ar + k * csA]);
                    s0 = x.fma(FloatVector.fromArray(S, b, q), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, q + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, q + 2 * L), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, q + 3 * L), s3);
                }
                store(s0, out, o + n, accumulate);
                store(s1, out, o + n + L, accumulate);
                store(s2, out, o + n + 2 * L, accumulate);
                store(s3, out, o + n + 3 * L, accumulate);
            }
            // The one to three vectors left in one pass, so that their fma chains overlap (an attention
            // head of 48 or 32 in a decoding step: one pass per vector waited on one chain at a time).
            int n = n4;
            if (nv - n == 3 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0;
                for (int k = 0, q = bOff + n; k < K; k++, q += N) {
                    FloatVector x = FloatVector.broadcast(S, a[ar + k * csA]);
                    s0 = x.fma(FloatVector.fromArray(S, b, q), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, q + L), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, q + 2 * L), s2);
                }
                store(s0, out, o + n, accumulate);
                store(s1, out, o + n + L, accumulate);
                store(s2, out, o + n + 2 * L, accumulate);
                n = nv;
            } else if (nv - n == 2 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0;
                for (int k = 0, q = bOff + n; k < K; k++, q += N) {
                    FloatVector x = FloatVector.broadcast(S, a[ar + k * csA]);
                    s0 = x.fma(FloatVector.fromArray(S, b, q), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, q + L), s1);
                }
                store(s0, out, o + n, accumulate);
                store(s1, out, o + n + L, accumulate);
                n = nv;
            }
            for (; n < nv; n += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int k = 0, q = bOff + n; k < K; k++, q += N) {
                    s0 = FloatVector.broadcast(S, a[ar + k * csA]).fma(FloatVector.fromArray(S, b, q), s0);
                }
                store(s0, out, o + n, accumulate);
            }
            for (; n < n1; n++) {
                float s = 0f;
                for (int k = 0; k < K; k++) {
                    s = Math.fma(a[ar + k * csA], b[bOff + k * N + n], s);
                }
                out[o + n] = accumulate ? out[o + n] + s : s;
            }
        }
    }

    /**
     * Block [m0, m1) × [n0, n1) of out(M,N) = a(M,K)·b(N,K)ᵀ: dot products along contiguous k. Each
     * row of b is read once, in order, and dotted with four rows of a at a time: b is the operand
     * that may not fit in cache (a weight matrix against a decoding step's few rows), and one
     * sequential stream reads it about twice as fast as four interleaved ones (measured on this
     * machine: 21.6 vs 9.1 GB per CPU-second for a 57 MB matrix, K = 288).
     */
    static void dot(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                    int M, int N, int K, int m0, int m1, int n0, int n1, boolean accumulate) {
        int m4 = m0 + (m1 - m0) / 4 * 4;
        float[] lanes = new float[4 * L]; // the accumulators, stored for Lanes.sum (no boxing)
        if (m4 == m0) {
            // Fewer than four rows (one query against a KV cache): four rows of b against one row of a
            // at a time (dot4 with the operands' roles swapped: a product's bits do not depend on the
            // order of its factors), so that four fma chains and reductions overlap. b is read once either way.
            int n4 = n0 + (n1 - n0) / 4 * 4;
            for (int m = m0; m < m1; m++) {
                for (int n = n0; n < n4; n += 4) {
                    dot4(out, outOff + m * N + n, 1, accumulate, b, bOff + n * K, a, aOff + m * K, K, lanes);
                }
                for (int n = n4; n < n1; n++) {
                    put(out, outOff + m * N + n, accumulate, dot1(a, aOff + m * K, b, bOff + n * K, K, lanes));
                }
            }
            return;
        }
        for (int n = n0; n < n1; n++) {
            int br = bOff + n * K;
            for (int m = m0; m < m4; m += 4) {
                dot4(out, outOff + m * N + n, N, accumulate, a, aOff + m * K, b, br, K, lanes);
            }
            for (int m = m4; m < m1; m++) { // the rows left, while b's row is in cache
                put(out, outOff + m * N + n, accumulate, dot1(a, aOff + m * K, b, br, K, lanes));
            }
        }
    }

    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, i -> (i ^ d) % L);
    }

    private static VectorMask<Float> lanes(long bits) {
        return VectorMask.fromLong(S, bits);
    }

    /** Four dot products (rows of a, N apart in out) sharing the loads of b's row; each one is computed exactly as {@link #dot1}. */
    private static void dot4(float[] out, int o, int N, boolean accumulate, float[] a, int a0, float[] b, int br, int K,
                             float[] lanes) {
        int a1 = a0 + K;
        int a2 = a1 + K;
        int a3 = a2 + K;
        int kb = S.loopBound(K);
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int k = 0; k < kb; k += L) {
            FloatVector y = FloatVector.fromArray(S, b, br + k);
            s0 = FloatVector.fromArray(S, a, a0 + k).fma(y, s0);
            s1 = FloatVector.fromArray(S, a, a1 + k).fma(y, s1);
            s2 = FloatVector.fromArray(S, a, a2 + k).fma(y, s2);
            s3 = FloatVector.fromArray(S, a, a3 + k).fma(y, s3);
        }
        float d0;
        float d1;
        float d2;
        float d3;
        if (L == 16) {
            // The four sums of lanes at once, each in Lanes.sum's tree order (lanes i and i+8, then i
            // and i+4, i and i+2, i and i+1): each step adds two half-live vectors merged by blends
            // into one, against their partner lanes (four scalar trees through memory took over a
            // quarter of a batch-8 decoding step's attention samples).
            FloatVector w01 = s0.blend(s1, UPPER8).add(s1.blend(s0, UPPER8).rearrange(SWAP8)); // s0 in 0-7, s1 in 8-15
            FloatVector w23 = s2.blend(s3, UPPER8).add(s3.blend(s2, UPPER8).rearrange(SWAP8));
            FloatVector x = w01.blend(w23, ODD4).add(w23.blend(w01, ODD4).rearrange(SWAP4)); // s0, s2, s1, s3 by 4 lanes
            x = x.add(x.rearrange(SWAP2));
            x = x.add(x.rearrange(SWAP1)); // lane 0: s0, 4: s2, 8: s1, 12: s3
            x.intoArray(lanes, 0);
            d0 = lanes[0];
            d1 = lanes[8];
            d2 = lanes[4];
            d3 = lanes[12];
        } else {
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            d0 = Lanes.sum(lanes, 0);
            d1 = Lanes.sum(lanes, L);
            d2 = Lanes.sum(lanes, 2 * L);
            d3 = Lanes.sum(lanes, 3 * L);
        }
        put(out, o, accumulate, tail(d0, a, a0, b, br, kb, K));
        put(out, o + N, accumulate, tail(d1, a, a1, b, br, kb, K));
        put(out, o + 2 * N, accumulate, tail(d2, a, a2, b, br, kb, K));
        put(out, o + 3 * N, accumulate, tail(d3, a, a3, b, br, kb, K));
    }

    private static void put(float[] out, int o, boolean accumulate, float s) {
        out[o] = accumulate ? out[o] + s : s;
    }

    private static float dot1(float[] a, int ar, float[] b, int br, int K, float[] lanes) {
        int kb = S.loopBound(K);
        FloatVector s0 = FloatVector.zero(S);
        for (int k = 0; k < kb; k += L) {
            s0 = FloatVector.fromArray(S, a, ar + k).fma(FloatVector.fromArray(S, b, br + k), s0);
        }
        s0.intoArray(lanes, 0);
        return tail(Lanes.sum(lanes, 0), a, ar, b, br, kb, K);
    }

    private static float tail(float s, float[] a, int ar, float[] b, int br, int from, int K) {
        for (int k = from; k < K; k++) {
            s = Math.fma(a[ar + k], b[br + k], s);
        }
        return s;
    }

    /** out = 0 on the block (or unchanged when accumulating): the product over an empty k axis. */
    static void clear(float[] out, int outOff, int N, int m0, int m1, int n0, int n1, boolean accumulate) {
        if (!accumulate) {
            for (int m = m0; m < m1; m++) {
                Arrays.fill(out, outOff + m * N + n0, outOff + m * N + n1, 0f);
            }
        }
    }

    private static void store(FloatVector s, float[] out, int o, boolean accumulate) {
        (accumulate ? FloatVector.fromArray(S, out, o).add(s) : s).intoArray(out, o);
    }
}
