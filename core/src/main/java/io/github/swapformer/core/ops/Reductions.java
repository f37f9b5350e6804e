package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Full reductions to a rank-0 (one-element) tensor, e.g. to turn a per-token loss into the loss:
 * {@link #sum} and {@link #mean} of all elements, accumulated in double in a fixed order.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Σ x over all elements, shape []. Backward: dx += dy. */
    public static Tensor sum(Tape tape, Tensor x) {
        return reduce(tape, x, 1.0);
    }

    /** The mean of all elements, shape []. Backward: dx += dy / n. */
    public static Tensor mean(Tape tape, Tensor x) {
        if (x.size() == 0) {
            throw new IllegalArgumentException("mean: input " + x.shapeString() + " has no elements; at least one is needed");
        }
        return reduce(tape, x, 1.0 / x.size());
    }

    private static Tensor reduce(Tape tape, Tensor x, double factor) {
        int n = x.size();
        Tensor y = tape.output(new int[0], x);
        y.data()[0] = (float) (ReductionKernels.sum(x.data(), n, tape.pool()) * factor);
        if (tape.needsGrad(x)) {
            tape.record(() -> ReductionKernels.addConstant(x.grad(), (float) (y.grad()[0] * factor), n, tape.pool()));
        }
        return y;
    }
}
