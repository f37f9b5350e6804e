package io.github.swapformer.arch.block;

/**
 * Where a block normalizes around each sublayer f:
 * <ul>
 *   <li>{@link #POST}: x ← norm(x + f(x)) — the original Transformer (Vaswani et al. 2017) and BERT;</li>
 *   <li>{@link #PRE}: x ← x + f(norm(x)), plus a final norm after the stack — GPT-2, LLaMA
 *       (Xiong et al. 2020, "On Layer Normalization in the Transformer Architecture");</li>
 *   <li>{@link #SANDWICH}: x ← x + norm'(f(norm(x))), plus a final norm — CogView (Ding et al. 2021).</li>
 * </ul>
 */
public enum NormPlacement {
    POST,
    PRE,
    SANDWICH;

    /** Whether the residual stream leaves the last block un-normalized, so the stack needs a final norm. */
    public boolean needsFinalNorm() {
        return this != POST;
    }
}
