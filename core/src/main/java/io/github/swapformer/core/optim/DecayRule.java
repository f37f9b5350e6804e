package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.ParamKind;

/**
 * Which parameters weight decay applies to. Decaying only weight matrices is the common practice
 * (nanoGPT's {@code configure_optimizers}: "all weight tensors in matmuls + embeddings decay, all
 * biases and layernorms don't"; here embeddings do not decay unless {@link #ALL} is chosen);
 * llm.c's {@code train_gpt2.c} decays every parameter.
 */
public enum DecayRule {
    /** Only {@link ParamKind#MATRIX} parameters decay; biases, norms, embeddings and others do not. */
    MATRICES,
    /** Every parameter decays (llm.c's trainer). */
    ALL,
    /** No parameter decays, whatever the weight decay coefficient. */
    NONE;

    /** Whether a parameter of this kind gets weight decay under this rule. */
    public boolean decays(ParamKind kind) {
        return switch (this) {
            case MATRICES -> kind == ParamKind.MATRIX;
            case ALL -> true;
            case NONE -> false;
        };
    }
}
