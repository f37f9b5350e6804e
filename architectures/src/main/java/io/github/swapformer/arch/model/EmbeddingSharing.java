package io.github.swapformer.arch.model;

/**
 * Whether an encoder-decoder's encoder and decoder read their tokens from one table (T5's
 * {@code shared}, Raffel et al. 2020; Vaswani et al. 2017, §3.4) or from one table each.
 * Models with a single stack have a single table: for them only {@link #SHARED} is valid.
 */
public enum EmbeddingSharing {
    SHARED,
    SEPARATE
}
