package io.github.swapformer.arch.model;

/**
 * How a family initializes its weights; {@link Initializer} applies it. Biases start at 0 and norm
 * gains at 1 in every scheme.
 */
public enum InitScheme {
    /**
     * GPT-2 (Radford et al. 2019, §2.3, as nanoGPT writes it): N(0, 0.02²) for matrices and
     * embeddings; the projections that write into the residual stream (attention output, FFN
     * down) N(0, (0.02/√(2·layers))²).
     */
    GPT2,
    /**
     * BERT (Devlin et al. 2019; Hugging Face's {@code initializer_range} 0.02): N(0, 0.02²) for
     * every matrix and embedding; in an encoder-only model the [PAD] row of the token table is zero. LLaMA's Hugging Face
     * initialization is the same rule.
     */
    BERT,
    /**
     * T5 (Raffel et al. 2020; Mesh TensorFlow's initializers as Hugging Face's
     * {@code T5PreTrainedModel._init_weights} writes them, factor 1): token embedding and untied
     * head N(0, 1); query N(0, 1/(d·HS)) — the 1/√HS that T5's unscaled attention omits is folded
     * in here; key and value N(0, 1/d); attention output N(0, 1/(NH·HS)); FFN input maps N(0, 1/d),
     * FFN output N(0, 1/d_ff); everything else as {@link #BERT}.
     */
    T5
}
