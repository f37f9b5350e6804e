package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/** A module with one input and one output: Linear, the norms, Dropout, feed-forward networks. */
public abstract class Layer extends Module {
    /** The forward pass; the tape records its backward. */
    public abstract Tensor forward(Tape tape, Tensor x);
}
