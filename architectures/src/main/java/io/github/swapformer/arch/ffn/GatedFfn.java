package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.tensor.Tensor;

/**
 * A gated linear unit feed-forward network, (act(x·W_gate) ⊙ x·W_up)·W_down: GLU with a sigmoid
 * gate (Dauphin et al. 2017), ReGLU, GeGLU and SwiGLU with ReLU, GELU and SiLU (Shazeer 2020,
 * arXiv 2002.05202, eqs. 5–6). LLaMA's MLP is the SwiGLU form without biases.
 */
public final class GatedFfn extends Layer {
    private final Linear gate;
    private final Linear up;
    private final Linear down;
    private final Activation activation;

    public GatedFfn(int dModel, int hidden, Activation activation, boolean bias) {
        this.gate = child("gate", bias ? Linear.withBias(dModel, hidden) : Linear.withoutBias(dModel, hidden));
        this.up = child("up", bias ? Linear.withBias(dModel, hidden) : Linear.withoutBias(dModel, hidden));
        this.down = child("down", bias ? Linear.withBias(hidden, dModel) : Linear.withoutBias(hidden, dModel));
        this.activation = activation;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x) {
        Tensor gated = Elementwise.multiply(tape, Activations.apply(tape, gate.forward(tape, x), activation), up.forward(tape, x));
        return down.forward(tape, gated);
    }

    public Linear gate() {
        return gate;
    }

    public Linear up() {
        return up;
    }

    public Linear down() {
        return down;
    }
}
