package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.tensor.Tensor;

/** The Transformer's position-wise feed-forward network: act(x·W₁ + b₁)·W₂ + b₂ (Vaswani et al. 2017, eq. 2). */
public final class Mlp extends Layer {
    private final Linear up;
    private final Linear down;
    private final Activation activation;

    public Mlp(int dModel, int hidden, Activation activation, boolean bias) {
        this.up = child("up", bias ? Linear.withBias(dModel, hidden) : Linear.withoutBias(dModel, hidden));
        this.down = child("down", bias ? Linear.withBias(hidden, dModel) : Linear.withoutBias(hidden, dModel));
        this.activation = activation;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x) {
        return down.forward(tape, Activations.apply(tape, up.forward(tape, x), activation));
    }

    public Linear up() {
        return up;
    }

    public Linear down() {
        return down;
    }
}
