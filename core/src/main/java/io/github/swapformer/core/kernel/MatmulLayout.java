package io.github.swapformer.core.kernel;

/**
 * The three operand layouts of {@link MatmulKernels}, as strides: element (m, k) of the left
 * operand lies at {@code aOff + m·aRowStride + k·aColStride}, element (k, n) of the right one at
 * {@code bOff + k·bRowStride + n·bColStride}. Packing reads through these strides, so one packed
 * kernel serves A·B, A·Bᵀ and Aᵀ·B without transposing whole matrices.
 */
enum MatmulLayout {
    /** out = a(M,K) · b(K,N). */
    NN(false, false),
    /** out = a(M,K) · b(N,K)ᵀ. */
    NT(false, true),
    /** out = a(K,M)ᵀ · b(K,N). */
    TN(true, false);

    private final boolean aTransposed;
    private final boolean bTransposed;

    MatmulLayout(boolean aTransposed, boolean bTransposed) {
        this.aTransposed = aTransposed;
        this.bTransposed = bTransposed;
    }

    int aRowStride(int M, int K) {
        return aTransposed ? 1 : K;
    }

    int aColStride(int M, int K) {
        return aTransposed ? M : 1;
    }

    int bRowStride(int N, int K) {
        return bTransposed ? 1 : N;
    }

    int bColStride(int N, int K) {
        return bTransposed ? K : 1;
    }
}
