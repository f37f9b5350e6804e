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
    /**
     * Below this many multiply-adds (128³, some 40 µs of work) a product runs on the calling
     * thread only: handing a chunk to a pool thread costs tens of µs (JMH, 64³ on 2 threads was
     * slower than on 1).
     */
    static final long PARALLEL_MIN = 1L << 21;
    /** Rows of A·Bᵀ up to which a large B is streamed rather than packed (see {@link #simd}). */
    static final int STREAM_ROWS = 16;
    /**
     * Elements of B (N·K, 128 KB of floats) and depth K from which A·Bᵀ with few rows streams B rather
     * than packing it: below, B stays in cache across calls, and short dot products end in
     * reductions across lanes that cost more than packing.
     */
    static final long STREAM_MIN = 1L << 15;
    static final int STREAM_MIN_K = 64;
    /** Width of a column chunk when the unpacked product is split by columns: four vectors. */
    private static final int SMALL_COLUMNS = 64;
    /** Rows of B per panel of {@link #packPanels}: two vectors. */
    public static final int PANEL = 2 * Simd.LANES;

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
        boolean streamB = layout == MatmulLayout.NT && M <= STREAM_ROWS && K >= STREAM_MIN_K && (long) N * K >= STREAM_MIN;
        // Streaming B is bound by memory, not arithmetic: every thread adds bandwidth, and a hand-off
        // (about 1 µs, see Parallel) costs less than streaming 128 KB, so a streamed B always splits.
        boolean parallel = pool != null && pool.threads() > 1 && (work >= PARALLEL_MIN || streamB);
        // Fewer rows than a register tile waste its lanes (4×256×64: 27 packed vs 38 GFLOP/s). A·Bᵀ
        // unpacked ends every output in a reduction across lanes, which costs more than packing
        // (64×64×16: 29 vs 6 GFLOP/s) unless N is too narrow to fill the tile (256×4×64: 7 vs 19).
        // A few rows against a large Bᵀ (decoding steps of 1 to STREAM_ROWS sequences against a weight
        // matrix): packing would copy all of B for those rows, so B is streamed once instead
        // (TinyStories-15M shape, batch 8: packing B took 70% of a step's samples).
        boolean packed = !streamB && M >= MatmulMicroKernel.MR && (layout == MatmulLayout.NT
                ? N >= MatmulMicroKernel.NR / 2
                : work >= PACKED_MIN);
        // Cut along the axis with more tiles, so that a short wide product (M small) splits its columns.
        int tileM = packed ? MatmulMicroKernel.MR : 1;
        // A streamed B splits by its rows (the output's columns), one at a time: each is its own dot product.
        int tileN = packed ? MatmulMicroKernel.NR : streamB ? 1 : SMALL_COLUMNS;
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

    /**
     * B(N,K) as column panels for {@link #ntPanels}: panel p holds rows [p·PANEL, (p+1)·PANEL) of B
     * transposed, (K, PANEL) row-major, zero past row N; ⌈N/PANEL⌉·PANEL·K floats. A layout copy, made
     * once for weights that several products stream (decoding steps; see {@code WeightPanels}).
     */
    public static float[] packPanels(float[] b, int bOff, int N, int K, Parallel pool) {
        float[] out = new float[(N + PANEL - 1) / PANEL * PANEL * K];
        packPanels(out, b, bOff, N, K, pool);
        return out;
    }

    /** {@link #packPanels(float[], int, int, int, Parallel)} into {@code out}, whose padding past row N is left as is (zero). */
    public static void packPanels(float[] out, float[] b, int bOff, int N, int K, Parallel pool) {
        int panels = (N + PANEL - 1) / PANEL;
        if (out.length != panels * PANEL * K) {
            throw new IllegalArgumentException("packPanels: out has " + out.length + " floats, panels of (" + N + ", " + K
                    + ") need " + panels * PANEL * K);
        }
        pool.forRange(panels, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int j = 0; j < PANEL && p * PANEL + j < N; j++) {
                    int src = bOff + (p * PANEL + j) * K;
                    for (int k = 0, dst = p * K * PANEL + j; k < K; k++, dst += PANEL) {
                        out[dst] = b[src + k];
                    }
                }
            }
        });
    }

    /**
     * out(M,N) = a(M,K) · bᵀ with B given as {@link #packPanels panels}: for a few rows of A (M up to
     * about 16) against a large B, which it streams once. Split over the pool by panels.
     */
    public static void ntPanels(float[] out, int outOff, float[] a, int aOff, float[] panels,
                                int M, int N, int K, boolean accumulate, Parallel pool) {
        int count = (N + PANEL - 1) / PANEL;
        if (Simd.ENABLED) {
            pool.forRange(count, 1, (p0, p1) -> ntPanelsSimd(out, outOff, a, aOff, panels, M, N, K, p0, p1, accumulate));
        } else {
            pool.forRange(count, 1, (p0, p1) -> ntPanelsScalar(out, outOff, a, aOff, panels, M, N, K, p0, p1, accumulate));
        }
    }

    /** Vector API twin of {@link #ntPanelsScalar}, on the calling thread. */
    public static void ntPanelsSimd(float[] out, int outOff, float[] a, int aOff, float[] panels,
                                    int M, int N, int K, int p0, int p1, boolean accumulate) {
        MatmulPanels.product(out, outOff, a, aOff, panels, M, N, K, p0, p1, accumulate);
    }

    /** Specification of {@link #ntPanels} on panels [p0, p1): each output one fma chain along k. */
    public static void ntPanelsScalar(float[] out, int outOff, float[] a, int aOff, float[] panels,
                                      int M, int N, int K, int p0, int p1, boolean accumulate) {
        for (int m = 0; m < M; m++) {
            for (int n = p0 * PANEL; n < Math.min(N, p1 * PANEL); n++) {
                int q = (n / PANEL) * K * PANEL + n % PANEL;
                float s = 0f;
                for (int k = 0; k < K; k++) {
                    s = Math.fma(a[aOff + m * K + k], panels[q + k * PANEL], s);
                }
                int o = outOff + m * N + n;
                out[o] = accumulate ? out[o] + s : s;
            }
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
