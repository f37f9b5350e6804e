package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/** The hyperbolic tangent as an op, the activation of BERT's pooler (Devlin et al. 2019, §3; Hugging Face's {@code BertPooler}). */
public final class Tanh {
    private Tanh() {
    }

    /** tanh(x), elementwise, any shape. Backward: dx += dy·(1 − y²). */
    public static Tensor apply(Tape tape, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("tanh: input x is null; a tensor is required");
        }
        int n = x.size();
        Tensor y = tape.output(x.shape(), x);
        TanhKernels.forward(y.data(), x.data(), n, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> TanhKernels.backward(x.grad(), y.grad(), y.data(), n, tape.pool()));
        }
        return y;
    }
}
