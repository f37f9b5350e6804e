package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ElementwiseKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Elementwise ops with their backward: same-shape {@link #add} (residual connections) and
 * {@link #multiply} (gated units), {@link #scale} by a constant, and {@link #addBias} of a
 * (C) vector over the last axis. Broadcasting beyond the bias is left out on purpose: these
 * cover the transformer, and each stays a single clear kernel.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** a + b for two tensors of the same shape. Backward: da += dy, db += dy. */
    public static Tensor add(Tape tape, Tensor a, Tensor b) {
        requireSameShape("add", a, b);
        int n = a.size();
        Tensor y = tape.output(a.shape(), a, b);
        ElementwiseKernels.add(y.data(), a.data(), b.data(), n, tape.pool());
        if (tape.needsGrad(a, b)) {
            tape.record(() -> {
                if (a.requiresGrad()) {
                    ElementwiseKernels.accumulate(a.grad(), 0, y.grad(), 0, 1f, n, tape.pool());
                }
                if (b.requiresGrad()) {
                    ElementwiseKernels.accumulate(b.grad(), 0, y.grad(), 0, 1f, n, tape.pool());
                }
            });
        }
        return y;
    }

    /** a ⊙ b for two tensors of the same shape. Backward: da += dy ⊙ b, db += dy ⊙ a. */
    public static Tensor multiply(Tape tape, Tensor a, Tensor b) {
        requireSameShape("multiply", a, b);
        int n = a.size();
        Tensor y = tape.output(a.shape(), a, b);
        ElementwiseKernels.multiply(y.data(), a.data(), b.data(), n, tape.pool());
        if (tape.needsGrad(a, b)) {
            tape.record(() -> {
                if (a.requiresGrad()) {
                    ElementwiseKernels.multiplyAccumulate(a.grad(), y.grad(), b.data(), n, tape.pool());
                }
                if (b.requiresGrad()) {
                    ElementwiseKernels.multiplyAccumulate(b.grad(), y.grad(), a.data(), n, tape.pool());
                }
            });
        }
        return y;
    }

    /** s · x for a constant s. Backward: dx += s · dy. */
    public static Tensor scale(Tape tape, Tensor x, float s) {
        if (!Float.isFinite(s)) {
            throw new IllegalArgumentException("scale: factor " + s + " is not finite; a finite float is required");
        }
        int n = x.size();
        Tensor y = tape.output(x.shape(), x);
        ElementwiseKernels.scale(y.data(), x.data(), s, n, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> ElementwiseKernels.accumulate(x.grad(), 0, y.grad(), 0, s, n, tape.pool()));
        }
        return y;
    }

    /** x (..., C) + b (C). Backward: dx += dy, db += Σ over all rows of dy. */
    public static Tensor addBias(Tape tape, Tensor x, Tensor b) {
        int C = x.rank() == 0 ? 1 : x.dim(-1);
        if (x.rank() == 0 || b.rank() != 1 || b.dim(0) != C) {
            throw new IllegalArgumentException("addBias: bias " + b.shapeString() + " does not match input "
                    + x.shapeString() + " (expected a bias of shape [" + C + "] for an input of rank >= 1)");
        }
        int rows = x.rows();
        Tensor y = tape.output(x.shape(), x, b);
        ElementwiseKernels.addBias(y.data(), x.data(), b.data(), rows, C, tape.pool());
        if (tape.needsGrad(x, b)) {
            tape.record(() -> {
                if (x.requiresGrad()) {
                    ElementwiseKernels.accumulate(x.grad(), 0, y.grad(), 0, 1f, x.size(), tape.pool());
                }
                if (b.requiresGrad()) {
                    ElementwiseKernels.biasBackward(b.grad(), y.grad(), rows, C, tape.pool());
                }
            });
        }
        return y;
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes " + a.shapeString() + " and " + b.shapeString()
                    + " differ; both inputs must have the same shape");
        }
    }
}
