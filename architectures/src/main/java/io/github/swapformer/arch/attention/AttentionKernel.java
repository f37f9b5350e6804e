package io.github.swapformer.arch.attention;

/**
 * How attention computes softmax(q·kᵀ)·v. PLAIN materializes the (B, NH, T, S) probabilities
 * (and can hand them to an {@link AttentionRecorder}); STREAMING visits keys block by block with an
 * online softmax (Milakov &amp; Gimelshein 2018, arXiv 1805.02867; FlashAttention, Dao et al. 2022,
 * arXiv 2205.14135), so its memory is linear in the sequence length. Both have a backward pass
 * and agree to rounding.
 */
public enum AttentionKernel {
    /** Materialized scores and probabilities. */
    PLAIN,
    /** Online softmax over key blocks; saves only the row log-sum-exp for the backward pass. */
    STREAMING
}
