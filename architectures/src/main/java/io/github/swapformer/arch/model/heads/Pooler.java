package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;

/**
 * BERT's pooler (Devlin et al. 2019, §3; Hugging Face's {@code BertPooler}): tanh(W·h_[CLS] + b),
 * the sequence summary that the next-sentence and classification heads read.
 */
public final class Pooler extends Module {
    private final Linear dense;

    public Pooler(int dModel) {
        this.dense = child("dense", Linear.withBias(dModel, dModel));
    }

    /** hidden (B, T, C) → pooled (B, C). */
    public Tensor forward(Tape tape, Tensor hidden) {
        return Tanh.apply(tape, dense.forward(tape, FirstToken.select(tape, hidden)));
    }

    public Linear dense() {
        return dense;
    }
}
