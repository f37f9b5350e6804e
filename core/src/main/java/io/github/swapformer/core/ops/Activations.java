package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ActivationKernels;
import io.github.swapformer.core.kernel.GeluKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Pointwise activation ops with their backward, chosen by {@link Activation} value so that
 * feed-forward variants name their activation in their spec instead of in code. The backward
 * recomputes f'(x) from the saved input (as llm.c does) rather than storing a second tensor.
 */
public final class Activations {
    private Activations() {
    }

    /** f(x) elementwise, any shape. Backward: dx += dy ⊙ f'(x). */
    public static Tensor apply(Tape tape, Tensor x, Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException("activation is null; one of " + java.util.Arrays.toString(Activation.values())
                    + " is required");
        }
        int n = x.size();
        Tensor y = tape.output(x.shape(), x);
        float[] xd = x.data();
        float[] yd = y.data();
        switch (activation) {
            case RELU -> ActivationKernels.reluForward(yd, xd, n, tape.pool());
            case GELU -> GeluKernels.geluForward(yd, xd, n, tape.pool());
            case GELU_TANH -> GeluKernels.geluTanhForward(yd, xd, n, tape.pool());
            case SILU -> ActivationKernels.siluForward(yd, xd, n, tape.pool());
            case SIGMOID -> ActivationKernels.sigmoidForward(yd, xd, n, tape.pool());
        }
        if (tape.needsGrad(x)) {
            tape.record(() -> backward(tape, activation, x.grad(), y.grad(), xd, n));
        }
        return y;
    }

    public static Tensor relu(Tape tape, Tensor x) {
        return apply(tape, x, Activation.RELU);
    }

    public static Tensor gelu(Tape tape, Tensor x) {
        return apply(tape, x, Activation.GELU);
    }

    public static Tensor geluTanh(Tape tape, Tensor x) {
        return apply(tape, x, Activation.GELU_TANH);
    }

    public static Tensor silu(Tape tape, Tensor x) {
        return apply(tape, x, Activation.SILU);
    }

    public static Tensor sigmoid(Tape tape, Tensor x) {
        return apply(tape, x, Activation.SIGMOID);
    }

    private static void backward(Tape tape, Activation activation, float[] dx, float[] dy, float[] x, int n) {
        switch (activation) {
            case RELU -> ActivationKernels.reluBackward(dx, dy, x, n, tape.pool());
            case GELU -> GeluKernels.geluBackward(dx, dy, x, n, tape.pool());
            case GELU_TANH -> GeluKernels.geluTanhBackward(dx, dy, x, n, tape.pool());
            case SILU -> ActivationKernels.siluBackward(dx, dy, x, n, tape.pool());
            case SIGMOID -> ActivationKernels.sigmoidBackward(dx, dy, x, n, tape.pool());
        }
    }
}
