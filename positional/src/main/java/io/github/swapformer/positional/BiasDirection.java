package io.github.swapformer.positional;

/**
 * Whether a relative bias tells keys before a query from keys after it. FOLLOW_MASK is T5's and
 * ALiBi's own rule: one-sided for causal (decoder) attention, two-sided for bidirectional.
 */
public enum BiasDirection {
    /** Past and future keys get different biases (encoders; T5 "bidirectional", ALiBi symmetric). */
    BIDIRECTIONAL,
    /** Only distances into the past are told apart (decoders); refused for bidirectional attention. */
    UNIDIRECTIONAL,
    /** UNIDIRECTIONAL when the attention is causal, BIDIRECTIONAL otherwise. */
    FOLLOW_MASK;

    /** The direction to use for an attention shape, refusing a one-sided bias on two-sided attention. */
    BiasDirection resolve(AttentionShape shape, String encoding) {
        if (this == FOLLOW_MASK) {
            return shape.causal() ? UNIDIRECTIONAL : BIDIRECTIONAL;
        }
        if (this == UNIDIRECTIONAL && !shape.causal()) {
            throw new IllegalArgumentException(encoding + ": direction UNIDIRECTIONAL cannot serve bidirectional (non-causal) attention,"
                    + " where keys after the query would share the bias of distance 0; use BIDIRECTIONAL or FOLLOW_MASK");
        }
        return this;
    }
}
