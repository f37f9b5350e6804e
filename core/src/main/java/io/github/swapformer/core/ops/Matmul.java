package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.kernel.WeightPanels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Matrix-product ops with their backward: {@link #linear} (x·Wᵀ + b, weights stored (out, in)
 * as in PyTorch and llm.c) and batched products for attention. Batched products of many small
 * matrices are parallelized across the batch rather than within each matrix.
 */
public final class Matmul {
    /** Multiply-adds below which one product is not worth splitting over threads. */
    private static final long SMALL_ITEM = 1L << 20;
    private static final Parallel SERIAL = Parallel.serial();

    private Matmul() {
    }

    /**
     * y = x·Wᵀ + b over the last axis. x (..., C), weight (OC, C), bias (OC) or null; y (..., OC).
     * Backward: dx += dy·W, dW += dyᵀ·x, db += Σ dy.
     */
    public static Tensor linear(Tape tape, Tensor x, Tensor weight, Tensor bias) {
        int C = x.dim(-1);
        int OC = weight.dim(0);
        if (weight.rank() != 2 || weight.dim(1) != C) {
            throw new IllegalArgumentException("linear: weight " + weight.shapeString() + " does not take inputs " + x.shapeString()
                    + " (expected [out, " + C + "])");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != OC)) {
            throw new IllegalArgumentException("linear: bias " + bias.shapeString() + " does not match weight " + weight.shapeString());
        }
        int rows = x.rows();
        int[] shape = x.shape();
        shape[shape.length - 1] = OC;
        Tensor y = tape.output(shape, x, weight, bias);
        float[] yd = y.data();
        if (bias != null) {
            float[] bd = bias.data();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bd, 0, yd, r * OC, OC);
            }
        }
        WeightPanels panels = tape.weightPanels();
        if (panels != null && panels.suits(rows, OC, C)) { // a decoding step (the tape records nothing)
            MatmulKernels.ntPanels(yd, 0, x.data(), 0, panels.of(weight.data(), OC, C, tape.pool()), rows, OC, C,
                    bias != null, tape.pool());
        } else {
            MatmulKernels.nt(yd, 0, x.data(), 0, weight.data(), 0, rows, OC, C, bias != null, tape.pool());
        }
        if (tape.needsGrad(x, weight, bias)) {
            tape.record(() -> {
                float[] dy = y.grad();
                if (x.requiresGrad()) {
                    MatmulKernels.nn(x.grad(), 0, dy, 0, weight.data(), 0, rows, C, OC, true, tape.pool());
                }
                if (weight.requiresGrad()) {
                    MatmulKernels.tn(weight.grad(), 0, dy, 0, x.data(), 0, OC, C, rows, true, tape.pool());
                }
                if (bias != null && bias.requiresGrad()) {
                    float[] db = bias.grad();
                    for (int r = 0; r < rows; r++) {
                        for (int o = 0; o < OC; o++) {
                            db[o] += dy[r * OC + o];
                        }
                    }
                }
            });
        }
        return y;
    }

    /**
     * Batched a·b: a (..., M, K), b (..., K, N) with the same leading axes; out (..., M, N).
     */
    public static Tensor matmul(Tape tape, Tensor a, Tensor b) {
        int M = a.dim(-2);
        int K = a.dim(-1);
        int N = b.dim(-1);
        int batch = checkBatch("matmul", a, b, K, b.dim(-2));
        int[] shape = a.shape();
        shape[shape.length - 1] = N;
        Tensor out = tape.output(shape, a, b);
        long work = (long) M * N * K;
        forEachItem(tape.pool(), batch, work, (i, pool) ->
                MatmulKernels.nn(out.data(), i * M * N, a.data(), i * M * K, b.data(), i * K * N, M, N, K, false, pool));
        if (tape.needsGrad(a, b)) {
            tape.record(() -> forEachItem(tape.pool(), batch, work, (i, pool) -> {
                if (a.requiresGrad()) { // da(M,K) += dout(M,N)·b(K,N)ᵀ
                    MatmulKernels.nt(a.grad(), i * M * K, out.grad(), i * M * N, b.data(), i * K * N, M, K, N, true, pool);
                }
                if (b.requiresGrad()) { // db(K,N) += a(M,K)ᵀ·dout(M,N)
                    MatmulKernels.tn(b.grad(), i * K * N, a.data(), i * M * K, out.grad(), i * M * N, K, N, M, true, pool);
                }
            }));
        }
        return out;
    }

    /**
     * Batched a·bᵀ: a (..., M, K), b (..., N, K) with the same leading axes; out (..., M, N).
     * Attention scores are {@code matmulTransposed(q, k)}.
     */
    public static Tensor matmulTransposed(Tape tape, Tensor a, Tensor b) {
        int M = a.dim(-2);
        int K = a.dim(-1);
        int N = b.dim(-2);
        int batch = checkBatch("matmulTransposed", a, b, K, b.dim(-1));
        int[] shape = a.shape();
        shape[shape.length - 1] = N;
        Tensor out = tape.output(shape, a, b);
        long work = (long) M * N * K;
        forEachItem(tape.pool(), batch, work, (i, pool) ->
                MatmulKernels.nt(out.data(), i * M * N, a.data(), i * M * K, b.data(), i * N * K, M, N, K, false, pool));
        if (tape.needsGrad(a, b)) {
            tape.record(() -> forEachItem(tape.pool(), batch, work, (i, pool) -> {
                if (a.requiresGrad()) { // da(M,K) += dout(M,N)·b(N,K)
                    MatmulKernels.nn(a.grad(), i * M * K, out.grad(), i * M * N, b.data(), i * N * K, M, K, N, true, pool);
                }
                if (b.requiresGrad()) { // db(N,K) += dout(M,N)ᵀ·a(M,K)
                    MatmulKernels.tn(b.grad(), i * N * K, out.grad(), i * M * N, a.data(), i * M * K, N, K, M, true, pool);
                }
            }));
        }
        return out;
    }

    /** One batch item's products, run with the pool they may split over. */
    @FunctionalInterface
    private interface ItemBody {
        void run(int item, Parallel pool);
    }

    /**
     * Runs {@code body} for every batch item. Many small matrices (attention: B·NH heads of T×HS)
     * go across the pool, one contiguous run of items per thread with serial kernels inside, which
     * costs one hand-off instead of one per matrix; otherwise items run in order, each product split
     * over the pool. The kernels' results do not depend on how they are split, so both give the same
     * bits.
     */
    private static void forEachItem(Parallel pool, int batch, long workPerItem, ItemBody body) {
        int threads = pool.threads();
        boolean acrossItems = threads > 1 && batch >= threads
                && (batch % threads == 0 || batch >= 4 * threads || workPerItem < SMALL_ITEM);
        if (acrossItems) {
            pool.forRange(batch, 1, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    body.run(i, SERIAL);
                }
            });
        } else {
            for (int i = 0; i < batch; i++) {
                body.run(i, pool);
            }
        }
    }

    private static int checkBatch(String op, Tensor a, Tensor b, int aInner, int bInner) {
        if (a.rank() < 2 || b.rank() != a.rank() || aInner != bInner) {
            throw new IllegalArgumentException(op + ": shapes " + a.shapeString() + " and " + b.shapeString() + " do not multiply");
        }
        int batch = 1;
        for (int i = 0; i < a.rank() - 2; i++) {
            if (a.dim(i) != b.dim(i)) {
                throw new IllegalArgumentException(op + ": batch axes of " + a.shapeString() + " and " + b.shapeString() + " differ");
            }
            batch *= a.dim(i);
        }
        return batch;
    }
}
