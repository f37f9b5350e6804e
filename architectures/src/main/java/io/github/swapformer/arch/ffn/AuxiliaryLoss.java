package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.tensor.Tensor;

/**
 * A part of a model whose forward pass adds terms to the training loss — a Mixture-of-Experts
 * router's load-balancing and z losses. The part keeps the terms of its forward passes on a tape;
 * blocks and models sum their parts'; the trainer adds the model's to the task loss with
 * {@link #addTo}, on the same tape, before {@code backward}.
 */
public interface AuxiliaryLoss {
    /** The sum (rank 0) of this part's auxiliary losses from forward passes on {@code tape}, or null if none. */
    Tensor auxiliaryLoss(Tape tape);

    /** The sum of the sources' auxiliary losses on {@code tape}, or null when none has any. */
    static Tensor sum(Tape tape, Iterable<? extends AuxiliaryLoss> sources) {
        Tensor total = null;
        for (AuxiliaryLoss source : sources) {
            total = plus(tape, total, source == null ? null : source.auxiliaryLoss(tape));
        }
        return total;
    }

    /** {@code loss} plus the auxiliary losses {@code source} collected on this tape ({@code loss} itself when none). */
    static Tensor addTo(Tape tape, Tensor loss, AuxiliaryLoss source) {
        Tensor aux = source.auxiliaryLoss(tape);
        if (aux == null) {
            return loss;
        }
        if (loss.size() != 1) {
            throw new IllegalArgumentException("auxiliary losses: the loss " + loss.shapeString() + " must have one element");
        }
        return Elementwise.add(tape, loss.reshape(), aux.reshape());
    }

    /** a + b for rank-0 losses where either may be null (absent). */
    static Tensor plus(Tape tape, Tensor a, Tensor b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Elementwise.add(tape, a, b);
    }
}
