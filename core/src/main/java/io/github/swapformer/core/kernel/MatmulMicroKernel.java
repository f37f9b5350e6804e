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
     * @param tile scratch of MR·NR floats
     */
    static void run(float[] ap, int ai, float[] bp, int bi, int kc, float[] c, int ci, int ldc,
                    int mr, int nr, boolean add, float[] tile) {
        multiply(ap, ai, bp, bi, kc, tile);
        merge(tile, c, ci, ldc, mr, nr, add);
    }

    /**
     * tile(MR, NR) = the rank-kc update. It ends in plain stores to the scratch tile and never
     * reads the output: with a read-add-store of the output here, JDK 17's C2 boxes some of the
     * sixteen accumulators inside the k loop (it allocated a vector payload per step, measured
     * 6× slower), so the merge with the output is a separate method.
     */
    static void multiply(float[] ap, int ai, float[] bp, int bi, int kc, float[] tile) {
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
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** c(mr, nr) = tile, or c += tile when {@code add}; c has row length ldc. */
    static void merge(float[] tile, float[] c, int ci, int ldc, int mr, int nr, boolean add) {
        int nv = nr == NR ? NR : 0; // full-width rows go by vectors, an edge tile element by element
        for (int r = 0; r < mr; r++) {
            int o = ci + r * ldc;
            int t = r * NR;
            for (int j = 0; j < nv; j += L) {
                FloatVector v = FloatVector.fromArray(S, tile, t + j);
                (add ? FloatVector.fromArray(S, c, o + j).add(v) : v).intoArray(c, o + j);
            }
            for (int j = nv; j < nr; j++) {
                c[o + j] = add ? c[o + j] + tile[t + j] : tile[t + j];
            }
        }
    }
}
