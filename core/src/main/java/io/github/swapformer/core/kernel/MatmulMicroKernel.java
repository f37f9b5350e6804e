package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register micro-kernel of the packed matrix product: an {@link #MR}×{@link #NR} tile of the
 * output held in 2·MR vector accumulators, updated by one rank-1 step per k from a packed A
 * micro-panel (MR values per k) and a packed B micro-panel (NR values per k). With 16-lane vectors
 * that is 8×32: 16 accumulators + 2 B vectors + 1 broadcast fit the 32 AVX-512 registers.
 *
 * <p>Reference: K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008; F. Van Zee, R. van de Geijn, "BLIS", ACM TOMS 41(3), 2015 (the micro-kernel).
 */
final class MatmulMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile. */
    static final int MR = 8;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;

    private MatmulMicroKernel() {
    }

    /**
     * c(mr, nr) (+)= Σ_k ap(k, 0..MR) ⊗ bp(k, 0..NR) over kc steps, in increasing k, each output
     * element a single fma chain. Only the top-left mr×nr of the tile is written (edge tiles);
     * the packed panels are zero-padded, so the lanes outside never read undefined values.
     *
     * @param tile scratch of MR·NR floats for edge tiles
     */
    static void run(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc,
                    int mr, int nr, boolean add, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int k = 0; k < kc; k++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai += MR;
            bi += NR;
        }
        boolean full = mr == MR && nr == NR;
        // An edge tile goes through the scratch tile so that the stores stay inside the output.
        float[] dst = full ? c : tile;
        int d = full ? ci : 0;
        int ld = full ? ldc : NR;
        boolean addHere = full && add;
        store(c00, c01, dst, d, addHere);
        store(c10, c11, dst, d + ld, addHere);
        store(c20, c21, dst, d + 2 * ld, addHere);
        store(c30, c31, dst, d + 3 * ld, addHere);
        store(c40, c41, dst, d + 4 * ld, addHere);
        store(c50, c51, dst, d + 5 * ld, addHere);
        store(c60, c61, dst, d + 6 * ld, addHere);
        store(c70, c71, dst, d + 7 * ld, addHere);
        if (!full) {
            for (int r = 0; r < mr; r++) {
                int o = ci + r * ldc;
                for (int j = 0; j < nr; j++) {
                    c[o + j] = add ? c[o + j] + tile[r * NR + j] : tile[r * NR + j];
                }
            }
        }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int ci, boolean add) {
        if (add) {
            FloatVector.fromArray(S, c, ci).add(v0).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(v1).intoArray(c, ci + L);
        } else {
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
        }
    }
}
