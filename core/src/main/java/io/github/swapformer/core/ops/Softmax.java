package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.LogSoftmaxKernels;
import io.github.swapformer.core.kernel.SoftmaxKernels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Softmax over the last axis with an optional additive mask, and log-softmax, with their backward
 * (attention weights: Vaswani et al. 2017, arXiv:1706.03762, eq. 1).
 *
 * <p>The mask is added to the scores before the softmax and broadcast over leading axes as in
 * NumPy: its shape, aligned to the right of x's, has each axis equal to x's or 1, and its last
 * axis equal to x's (scores (B, NH, T, S) take a mask (T, S), (B, 1, T, S), (NH, T, S), …).
 * −∞ entries are allowed; a row that is −∞ everywhere gives zeros (not NaN) and no gradient.
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * y = softmax(x + mask) over the last axis; mask may be null. If the mask has a gradient (a
     * learned score bias), it receives the gradient of the masked scores summed over the broadcast axes.
     */
    public static Tensor softmax(Tape tape, Tensor x, Tensor mask) {
        requireRank("softmax", x);
        int C = x.dim(-1);
        int N = x.rows();
        int[] maskRow = mask == null ? null : maskRows(x, mask);
        Tensor y = tape.output(x.shape(), x, mask);
        SoftmaxKernels.softmaxForward(y.data(), x.data(), mask == null ? null : mask.data(), maskRow, N, C, tape.pool());
        if (tape.needsGrad(x, mask)) {
            tape.record(() -> {
                Parallel pool = tape.pool();
                if (mask == null || !mask.requiresGrad()) {
                    SoftmaxKernels.softmaxBackward(x.grad(), y.grad(), y.data(), N, C, pool);
                    return;
                }
                float[] dz = new float[N * C]; // gradient of x + mask, shared by both
                SoftmaxKernels.softmaxBackward(dz, y.grad(), y.data(), N, C, pool);
                if (x.requiresGrad()) {
                    float[] dx = x.grad();
                    pool.forRange(N * C, 1 << 14, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            dx[i] += dz[i];
                        }
                    });
                }
                float[] dm = mask.grad();
                pool.forRange(C, 64, (c0, c1) -> { // columns in parallel, rows in order: deterministic
                    for (int r = 0; r < N; r++) {
                        for (int c = c0; c < c1; c++) {
                            dm[maskRow[r] * C + c] += dz[r * C + c];
                        }
                    }
                });
            });
        }
        return y;
    }

    /** softmax(x) over the last axis, no mask. */
    public static Tensor softmax(Tape tape, Tensor x) {
        return softmax(tape, x, null);
    }

    /** y = x − log Σ exp(x) over the last axis; a row that is −∞ everywhere stays −∞. */
    public static Tensor logSoftmax(Tape tape, Tensor x) {
        requireRank("logSoftmax", x);
        int C = x.dim(-1);
        int N = x.rows();
        Tensor y = tape.output(x.shape(), x);
        LogSoftmaxKernels.logSoftmaxForward(y.data(), x.data(), N, C, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> LogSoftmaxKernels.logSoftmaxBackward(x.grad(), y.grad(), y.data(), N, C, tape.pool()));
        }
        return y;
    }

    /** For each row of x, the row of the mask it reads, after broadcasting the mask's leading axes. */
    static int[] maskRows(Tensor x, Tensor mask) {
        int[] xs = x.shape();
        int[] ms = mask.shape();
        int k = xs.length - 1; // leading axes of x
        int j = ms.length - 1; // leading axes of the mask
        if (ms.length == 0 || j > k || ms[j] != xs[k]) {
            throw new IllegalArgumentException("softmax: mask " + mask.shapeString() + " does not broadcast to x "
                    + x.shapeString() + " (its last axis must be " + xs[k] + " and it may not have more axes than x)");
        }
        int[] maskStride = new int[k]; // per leading axis of x: stride in mask rows, 0 where broadcast
        int stride = 1;
        for (int a = j - 1; a >= 0; a--) {
            int xa = a + (k - j);
            if (ms[a] != xs[xa] && ms[a] != 1) {
                throw new IllegalArgumentException("softmax: mask " + mask.shapeString() + " does not broadcast to x "
                        + x.shapeString() + " (mask axis " + a + " is " + ms[a] + ", allowed: 1 or " + xs[xa] + ")");
            }
            maskStride[xa] = ms[a] == 1 ? 0 : stride;
            stride *= ms[a];
        }
        int[] rows = new int[x.rows()];
        int[] index = new int[k];
        int current = 0;
        for (int r = 0; r < rows.length; r++) {
            rows[r] = current;
            for (int a = k - 1; a >= 0; a--) { // odometer increment of the multi-index
                index[a]++;
                current += maskStride[a];
                if (index[a] < xs[a]) {
                    break;
                }
                current -= maskStride[a] * xs[a];
                index[a] = 0;
            }
        }
        return rows;
    }

    private static void requireRank(String op, Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(op + ": x " + x.shapeString() + " must have at least one axis");
        }
    }
}
