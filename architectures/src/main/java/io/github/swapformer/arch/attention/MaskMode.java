package io.github.swapformer.arch.attention;

/**
 * Where the attention mask enters. The standard (Vaswani et al. 2017) adds −∞ to the scores
 * before the softmax. The multiplicative modes, which learners often propose, take the softmax of
 * the unmasked scores and multiply it by the mask's weights exp(mask) (1 where visible, 0 where
 * hidden): without renormalization the hidden keys still shape each row's normalizer, so future
 * tokens leak into a causal model's output; renormalizing the rows restores the additive result
 * (up to rounding, and except that a huge hidden score can underflow the visible ones).
 */
public enum MaskMode {
    /** scores + mask, then softmax (the default). */
    ADDITIVE,
    /** softmax(scores) · exp(mask): rows no longer sum to 1 and hidden keys leak through the normalizer. */
    MULTIPLICATIVE,
    /** softmax(scores) · exp(mask), each row divided by its new sum (a row with nothing visible stays 0). */
    MULTIPLICATIVE_RENORMALIZED
}
