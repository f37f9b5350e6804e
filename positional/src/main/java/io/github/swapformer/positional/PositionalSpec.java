package io.github.swapformer.positional;

/**
 * The immutable configuration of one encoding; each encoding class holds its own {@code Spec}
 * record, validated in its compact constructor.
 */
public interface PositionalSpec {
    /** The registry entry this spec configures. */
    PositionalKind kind();

    /**
     * Builds the encoding for an attention geometry; {@code seed} initializes learned parameters.
     * Fails with an {@link IllegalArgumentException} when spec and geometry do not fit together.
     */
    PositionalEncoding build(AttentionShape shape, long seed);
}
