package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.tensor.Tensor;

/**
 * y = x·Wᵀ + b with W stored (out, in), as in PyTorch's {@code nn.Linear} and llm.c. Parameters
 * start at zero; models initialize them (see {@link Init}).
 */
public final class Linear extends Layer {
    private final Tensor weight;
    private final Tensor bias; // null without bias

    private Linear(int in, int out, boolean withBias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("linear layer needs positive sizes, got in " + in + ", out " + out);
        }
        this.weight = parameter("weight", Tensor.zeros(out, in), ParamKind.MATRIX);
        this.bias = withBias ? parameter("bias", Tensor.zeros(out), ParamKind.BIAS) : null;
    }

    public static Linear withBias(int in, int out) {
        return new Linear(in, out, true);
    }

    public static Linear withoutBias(int in, int out) {
        return new Linear(in, out, false);
    }

    /** x (..., in) → (..., out). */
    @Override
    public Tensor forward(Tape tape, Tensor x) {
        return Matmul.linear(tape, x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} for a layer without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return weight.dim(1);
    }

    public int outFeatures() {
        return weight.dim(0);
    }
}
