package io.github.swapformer.arch.model;

/** The three transformer families. */
public enum ArchitectureKind {
    /** GPT (Radford et al. 2018, 2019): causal self-attention, a language-model head. */
    DECODER_ONLY,
    /** BERT (Devlin et al. 2019): bidirectional self-attention, MLM / NSP / classification heads. */
    ENCODER_ONLY,
    /** The original Transformer (Vaswani et al. 2017) and T5 (Raffel et al. 2020): encoder, decoder, cross-attention. */
    ENCODER_DECODER
}
