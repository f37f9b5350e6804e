package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;

/**
 * Matrix products in the three layouts that forward and backward passes need, on row-major
 * {@code float[]} with offsets: {@code nn} is A·B, {@code nt} is A·Bᵀ, {@code tn} is Aᵀ·B.
 * Outputs come first, then inputs, then sizes; {@code accumulate} adds into {@code out}.
 *
 * <p>The {@code *Scalar} methods are the specification. The dispatching methods split rows of the
 * output over the pool; each output element is computed by exactly one thread in a fixed order.
 */
public final class MatmulKernels {
    private MatmulKernels() {
    }

    /** out(M,N) = a(M,K) · b(K,N). */
    public static void nn(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        pool.forRange(M, 4, (m0, m1) -> nnScalar(out, outOff + m0 * N, a, aOff + m0 * K, b, bOff, m1 - m0, N, K, accumulate));
    }

    /** out(M,N) = a(M,K) · b(N,K)ᵀ. */
    public static void nt(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        pool.forRange(M, 4, (m0, m1) -> ntScalar(out, outOff + m0 * N, a, aOff + m0 * K, b, bOff, m1 - m0, N, K, accumulate));
    }

    /** out(M,N) = a(K,M)ᵀ · b(K,N). */
    public static void tn(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff,
                          int M, int N, int K, boolean accumulate, Parallel pool) {
        pool.forRange(M, 4, (m0, m1) -> tnRowsScalar(out, outOff, a, aOff, b, bOff, m0, m1, M, N, K, accumulate));
    }

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
