package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.LayoutKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Layout changes for multi-head attention (Vaswani et al. 2017, arXiv:1706.03762, §3.2.2): heads
 * split out of the channel axis and moved before time, and merged back. Tensors have no strided
 * views, so each op writes the new layout; its backward is the inverse transpose.
 */
public final class Layout {
    private Layout() {
    }

    /** x (B, T, C) with C = NH·HS → (B, NH, T, HS). */
    public static Tensor splitHeads(Tape tape, Tensor x, int numHeads) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("splitHeads: x " + x.shapeString() + " must be [B, T, C]");
        }
        int C = x.dim(2);
        if (numHeads < 1 || C % numHeads != 0) {
            throw new IllegalArgumentException("splitHeads: channels " + C + " of x " + x.shapeString()
                    + " are not divisible by numHeads " + numHeads);
        }
        return transposeHeads(tape, x.reshape(x.dim(0), x.dim(1), numHeads, C / numHeads));
    }

    /** x (B, NH, T, HS) → (B, T, NH·HS): the inverse of {@link #splitHeads}. */
    public static Tensor mergeHeads(Tape tape, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("mergeHeads: x " + x.shapeString() + " must be [B, NH, T, HS]");
        }
        Tensor y = transposeHeads(tape, x);
        return y.reshape(x.dim(0), x.dim(2), x.dim(1) * x.dim(3));
    }

    /** Swaps axes 1 and 2 of a rank-4 tensor: (B, T, NH, HS) ⇄ (B, NH, T, HS). */
    public static Tensor transposeHeads(Tape tape, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("transposeHeads: x " + x.shapeString() + " must have rank 4");
        }
        int B = x.dim(0);
        int A1 = x.dim(1);
        int A2 = x.dim(2);
        int D = x.dim(3);
        Tensor y = tape.output(new int[] {B, A2, A1, D}, x);
        LayoutKernels.swapMiddleAxes(y.data(), x.data(), B, A1, A2, D, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> LayoutKernels.swapMiddleAxesBackward(x.grad(), y.grad(), B, A1, A2, D, tape.pool()));
        }
        return y;
    }
}
