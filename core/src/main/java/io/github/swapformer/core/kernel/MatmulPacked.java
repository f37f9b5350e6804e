package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.MatmulMicroKernel.MR;
import static io.github.swapformer.core.kernel.MatmulMicroKernel.NR;

/**
 * The cache-blocked, packed matrix product (GotoBLAS/BLIS loop nest): for each NC-wide column
 * panel and KC-deep slice of k, B is packed into NR-wide micro-panels (kept in L2/L3); for each
 * MC-tall row block, A is packed into MR-tall micro-panels (kept in L2); then the
 * {@linkplain MatmulMicroKernel micro-kernel} sweeps the block tile by tile. Packing reads through
 * the {@link MatmulLayout} strides, so A·B, A·Bᵀ and Aᵀ·B all run the same inner loop.
 *
 * <p>Each output element is one fma chain per KC slice, slices added to the output in increasing
 * k: its value does not depend on which rows or columns a call is given, so any split of the
 * output over threads gives bitwise the same result.
 *
 * <p>Reference: K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008.
 */
final class MatmulPacked {
    /** Depth of a packed slice: a B micro-panel (KC·NR floats) stays in L1 while A streams. */
    static final int KC = 256;
    /** Rows of a packed A block (a multiple of MR): MC·KC floats stay in L2. */
    static final int MC = 96;
    /** Columns of a packed B panel (a multiple of NR). */
    static final int NC = 2048;

    /** Packing buffers, allocated once per thread and reused by every call on that thread. */
    private static final class Scratch {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private MatmulPacked() {
    }

    /**
     * Computes the block rows [m0, m1) × columns [n0, n1) of out(M,N) = A·B in the given layout,
     * where out is row-major with row length N.
     */
    static void gemm(MatmulLayout layout, float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                     int M, int N, int K, int m0, int m1, int n0, int n1, boolean accumulate) {
        if (K == 0) {
            MatmulSmall.clear(out, outOff, N, m0, m1, n0, n1, accumulate);
            return;
        }
        Scratch s = SCRATCH.get();
        int rsA = layout.aRowStride(M, K);
        int csA = layout.aColStride(M, K);
        int rsB = layout.bRowStride(N, K);
        int csB = layout.bColStride(N, K);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                packB(s.b, b, bOff + pc * rsB + jc * csB, rsB, csB, kc, nc);
                boolean add = accumulate || pc > 0;
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packA(s.a, a, aOff + ic * rsA + pc * csA, rsA, csA, mc, kc);
                    block(s, out, outOff + ic * N + jc, N, mc, nc, kc, add);
                }
            }
        }
    }

    /** The macro-kernel: every MR×NR tile of one packed mc×kc block of A times a kc×nc panel of B. */
    private static void block(Scratch s, float[] c, int cOff, int ldc, int mc, int nc, int kc, boolean add) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                MatmulMicroKernel.run(s.a, ir * kc, s.b, jr * kc, kc, c, cOff + ir * ldc + jr, ldc, mr, nr, add, s.tile);
            }
        }
    }

    /**
     * Packs A(mc, kc) (element (i, k) at src[off + i·rs + k·cs]) into MR-row micro-panels, each
     * stored k-major (MR values per k); rows past mc are zero.
     */
    static void packA(float[] dst, float[] src, int off, int rs, int cs, int mc, int kc) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int base = i0 * kc;
            int rows = Math.min(MR, mc - i0);
            if (rs == 1 && rows == MR) { // Aᵀ·B: the MR values of one k are contiguous in the source
                for (int k = 0, p = base, q = off + i0; k < kc; k++, p += MR, q += cs) {
                    System.arraycopy(src, q, dst, p, MR);
                }
                continue;
            }
            for (int r = 0; r < rows; r++) {
                int p = base + r;
                int q = off + (i0 + r) * rs;
                for (int k = 0; k < kc; k++, p += MR, q += cs) {
                    dst[p] = src[q];
                }
            }
            for (int r = rows; r < MR; r++) {
                for (int k = 0, p = base + r; k < kc; k++, p += MR) {
                    dst[p] = 0f;
                }
            }
        }
    }

    /**
     * Packs B(kc, nc) (element (k, j) at src[off + k·rs + j·cs]) into NR-column micro-panels, each
     * stored k-major (NR values per k); columns past nc are zero.
     */
    static void packB(float[] dst, float[] src, int off, int rs, int cs, int kc, int nc) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int base = j0 * kc;
            int cols = Math.min(NR, nc - j0);
            if (cs == 1) { // rows of B are contiguous: copy NR-wide strips
                for (int k = 0; k < kc; k++) {
                    int p = base + k * NR;
                    System.arraycopy(src, off + k * rs + j0, dst, p, cols);
                    for (int j = cols; j < NR; j++) {
                        dst[p + j] = 0f;
                    }
                }
            } else { // columns of B are contiguous (A·Bᵀ): transpose while packing
                for (int j = 0; j < cols; j++) {
                    int q = off + (j0 + j) * cs;
                    for (int k = 0, p = base + j; k < kc; k++, p += NR, q += rs) {
                        dst[p] = src[q];
                    }
                }
                for (int j = cols; j < NR; j++) {
                    for (int k = 0, p = base + j; k < kc; k++, p += NR) {
                        dst[p] = 0f;
                    }
                }
            }
        }
    }
}
