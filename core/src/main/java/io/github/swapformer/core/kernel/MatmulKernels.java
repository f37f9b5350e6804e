package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;

/**
 * Matrix products in the three layouts that forward and backward passes need, on row-major
 * {@code float[]} with offsets: {@code nn} is A·B, {@code nt} is A·Bᵀ, {@code tn} is Aᵀ·B.
 * Outputs come first, then inputs, then sizes; {@code accumulate} adds into {@code out}.
 *
 * <p>The {@code *Scalar} methods are the specification. Their {@code *Simd} twins run a
 * cache-blocked, packed Vector API product ({@link MatmulPacked}, GotoBLAS/BLIS style) when the
 * shape repays packing and a plain register-tiled one ({@link MatmulSmall}) otherwise; the twins
 * differ from the scalar sums by rounding only (fma chains, k cut in slices of
 * {@value MatmulPacked#KC}).
 *
 * <p>Threads: the dispatching methods split the output over the pool in whole tiles, by rows or,
 * when the output has more column tiles than row tiles (M small, N large), by columns. Each
 * output element is computed by exactly one thread in a fixed k order that depends on the shape
 * only, so results are bitwise identical for any thread count, 1 and 2 included.
 *
 * <p>Reference: K. Goto, R. van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34(3), 2008.
 */
public final class MatmulKernels {
    /**
     * Below this many multiply-adds (M·N·K) A·B and Aᵀ·B do not pack. Measured (best of 30,
     * GFLOP/s, packed vs unpacked): 16³ 6 vs 31, 32³ 47 vs 19, 64×64×16 50 vs 45.
     */
    static final long PACKED_MIN = 32L * 32 * 32;
    /** Below this many multiply-adds a product runs on the calling thread only. */
    static final long PARALLEL_MIN = 1L << 18;
    /** Width of a column chunk when the unpacked product is split by columns: four vectors. */
    private static final int SMALL_COLUMNS = 64;

    private MatmulKernels() {
    }

    /** out(M,N) = a(M,K) · b(K,N). */
    public static void nn(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        if (Simd.ENABLED) {
            simd(MatmulLayout.NN, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, pool);
        } else {
            pool.forRange(M, 4, (m0, m1) -> nnScalar(out, outOff + m0 * N, a, aOff + m0 * K, b, bOff, m1 - m0, N, K, accumulate));
        }
    }

    /** out(M,N) = a(M,K) · b(N,K)ᵀ. */
    public static void nt(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        if (Simd.ENABLED) {
            simd(MatmulLayout.NT, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, pool);
        } else {
            pool.forRange(M, 4, (m0, m1) -> ntScalar(out, outOff + m0 * N, a, aOff + m0 * K, b, bOff, m1 - m0, N, K, accumulate));
        }
    }

    /** out(M,N) = a(K,M)ᵀ · b(K,N). */
    public static void tn(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        if (Simd.ENABLED) {
            simd(MatmulLayout.TN, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, pool);
        } else {
            pool.forRange(M, 4, (m0, m1) -> tnRowsScalar(out, outOff, a, aOff, b, bOff, m0, m1, M, N, K, accumulate));
        }
    }

    /** Vector API twin of {@link #nnScalar}, on the calling thread. */
    public static void nnSimd(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                              int M, int N, int K, boolean accumulate) {
        simd(MatmulLayout.NN, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, null);
    }

    /** Vector API twin of {@link #ntScalar}, on the calling thread. */
    public static void ntSimd(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                              int M, int N, int K, boolean accumulate) {
        simd(MatmulLayout.NT, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, null);
    }

    /** Vector API twin of {@link #tnScalar}, on the calling thread. */
    public static void tnSimd(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                              int M, int N, int K, boolean accumulate) {
        simd(MatmulLayout.TN, out, outOff, a, aOff, b, bOff, M, N, K, accumulate, null);
    }

    /** The SIMD product split over {@code pool} (null: the calling thread) in whole register tiles. */
    private static void simd(MatmulLayout layout, float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                             int M, int N, int K, boolean accumulate, Parallel pool) {
        long work = (long) M * N * K;
        boolean parallel = pool != null && pool.threads() > 1 && work >= PARALLEL_MIN;
        // Fewer rows than a register tile waste its lanes (4×256×64: 27 packed vs 38 GFLOP/s). A·Bᵀ
        // unpacked ends every output in a reduction across lanes, which costs more than packing
        // (64×64×16: 29 vs 6 GFLOP/s) unless N is too narrow to fill the tile (256×4×64: 7 vs 19).
        boolean packed = M >= MatmulMicroKernel.MR && (layout == MatmulLayout.NT
                ? N >= MatmulMicroKernel.NR / 2
                : work >= PACKED_MIN);
        // Cut along the axis with more tiles, so that a short wide product (M small) splits its columns.
        int tileM = packed ? MatmulMicroKernel.MR : 1;
        int tileN = packed ? MatmulMicroKernel.NR : SMALL_COLUMNS;
        int tilesM = (M + tileM - 1) / tileM;
        int tilesN = (N + tileN - 1) / tileN;
        if (!parallel) {
            block(layout, packed, out, outOff, a, aOff, b, bOff, M, N, K, 0, M, 0, N, accumulate);
        } else if (tilesN > tilesM) {
            pool.forRange(tilesN, 1, (t0, t1) -> block(layout, packed, out, outOff, a, aOff, b, bOff, M, N, K,
                    0, M, t0 * tileN, Math.min(N, t1 * tileN), accumulate));
        } else {
            pool.forRange(tilesM, 1, (t0, t1) -> block(layout, packed, out, outOff, a, aOff, b, bOff, M, N, K,
                    t0 * tileM, Math.min(M, t1 * tileM), 0, N, accumulate));
        }
    }

    /** Block [m0, m1) × [n0, n1) of the product, on the calling thread. */
    private static void block(MatmulLayout layout, boolean packed, float[] out, int outOff, float[] a, int aOff,
                              float[] b, int bOff, int M, int N, int K, int m0, int m1, int n0, int n1, boolean accumulate) {
        if (packed) {
            MatmulPacked.gemm(layout, out, outOff, a, aOff, b, bOff, M, N, K, m0, m1, n0, n1, accumulate);
        } else if (layout == MatmulLayout.NT) {
            MatmulSmall.dot(out, outOff, a, aOff, b, bOff, M, N, K, m0, m1, n0, n1, accumulate);
        } else {
            MatmulSmall.broadcast(layout, out, outOff, a, aOff, b, bOff, M, N, K, m0, m1, n0, n1, accumulate);
        }
    }

    /** Specification of {@link #nn}. */
    public static void nnScalar(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                                int M, int N, int K, boolean accumulate) {
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                float s = 0f;
                for (int k = 0; k < K; k++) {
                    s += a[aOff + m * K + k] * b[bOff + k * N + n];
                }
                int o = outOff + m * N + n;
                out[o] = accumulate ? out[o] + s : s;
            }
        }
    }

    /** Specification of {@link #nt}. */
    public static void ntScalar(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                                int M, int N, int K, boolean accumulate) {
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                float s = 0f;
                for (int k = 0; k < K; k++) {
                    s += a[aOff + m * K + k] * b[bOff + n * K + k];
                }
                int o = outOff + m * N + n;
                out[o] = accumulate ? out[o] + s : s;
            }
        }
    }

    /** Specification of {@link #tn}. */
    public static void tnScalar(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                                int M, int N, int K, boolean accumulate) {
        tnRowsScalar(out, outOff, a, aOff, b, bOff, 0, M, M, N, K, accumulate);
    }

    private static void tnRowsScalar(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                                     int m0, int m1, int M, int N, int K, boolean accumulate) {
        for (int m = m0; m < m1; m++) {
            for (int n = 0; n < N; n++) {
                float s = 0f;
                for (int k = 0; k < K; k++) {
                    s += a[aOff + k * M + m] * b[bOff + k * N + n];
                }
                int o = outOff + m * N + n;
                out[o] = accumulate ? out[o] + s : s;
            }
        }
    }
}
