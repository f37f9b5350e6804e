package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalSpec;

/**
 * A whole model: its family, sizes, positional encoding, block, head tying, and what only some
 * families use (segments, encoder heads, special ids, embedding sharing). Validated when built,
 * before any weight is allocated (see {@link ConfigChecks}); copies with one field changed come
 * from the {@code with…} methods. {@code nDecoderLayers} is used by encoder-decoders only (0 elsewhere).
 *
 * @param scaledScores     whether attention divides scores by √HS (T5 does not: it folds the factor into its init)
 * @param segments         rows of the segment (token type) table: 2 in BERT, 0 for no table; encoder-only only
 * @param encoderHeads     the heads of an encoder-only model ({@link EncoderHeads#none()} elsewhere)
 * @param specialIds       [PAD]/[CLS]/[SEP]/[MASK]; encoders need all four in the vocabulary, encoder-decoders [PAD]
 * @param embeddingSharing one token table for encoder and decoder, or two; single-stack models: SHARED
 * @param init             the family's initialization
 */
public record TransformerConfig(ArchitectureKind architecture, int vocabSize, int dModel, int nHeads, int nKvHeads,
                                int nLayers, int nDecoderLayers, int maxPositions, PositionalSpec positional,
                                BlockSpec block, HeadTying head, boolean scaledScores, int segments,
                                EncoderHeads encoderHeads, SpecialIds specialIds, EmbeddingSharing embeddingSharing,
                                InitScheme init) {
    public TransformerConfig {
        ConfigChecks.required(architecture, positional, block, head, encoderHeads, specialIds, embeddingSharing, init);
        ConfigChecks.sizes(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions);
        ConfigChecks.family(architecture, vocabSize, segments, encoderHeads, specialIds, embeddingSharing);
        ConfigChecks.positional(architecture, positional, dModel / nHeads, maxPositions);
    }

    /**
     * The configuration of the first phase: the family-specific fields take their defaults — for
     * encoder-only 2 segments, {@link EncoderHeads#pretraining()} and {@link SpecialIds#firstFour()};
     * elsewhere no segments and no encoder heads; shared embeddings; the family's init scheme.
     */
    public TransformerConfig(ArchitectureKind architecture, int vocabSize, int dModel, int nHeads, int nKvHeads,
                             int nLayers, int nDecoderLayers, int maxPositions, PositionalSpec positional,
                             BlockSpec block, HeadTying head, boolean scaledScores) {
        this(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions, positional,
                block, head, scaledScores,
                architecture == ArchitectureKind.ENCODER_ONLY ? 2 : 0,
                architecture == ArchitectureKind.ENCODER_ONLY ? EncoderHeads.pretraining() : EncoderHeads.none(),
                SpecialIds.firstFour(), EmbeddingSharing.SHARED, defaultInit(architecture));
    }

    /** GPT-2's scheme for decoders, BERT's for encoders, T5's for encoder-decoders. */
    public static InitScheme defaultInit(ArchitectureKind architecture) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture is required");
        }
        return switch (architecture) {
            case DECODER_ONLY -> InitScheme.GPT2;
            case ENCODER_ONLY -> InitScheme.BERT;
            case ENCODER_DECODER -> InitScheme.T5;
        };
    }

    public int headDim() {
        return dModel / nHeads;
    }

    /** The attention geometry of a self-attention stack; causal for decoders. */
    public AttentionShape attentionShape(boolean causal) {
        return new AttentionShape(dModel, nHeads, nKvHeads, headDim(), maxPositions, causal);
    }

    public TransformerConfig withPositional(PositionalSpec p) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                p, block, head, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withBlock(BlockSpec b) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, b, head, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withMaxPositions(int n) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, n,
                positional, block, head, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withHead(HeadTying h) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, h, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, init);
    }

    /** A copy with other sizes: vocabulary, width, heads, key/value heads, layers and decoder layers. */
    public TransformerConfig withSizes(int vocab, int d, int heads, int kvHeads, int layers, int decoderLayers) {
        return new TransformerConfig(architecture, vocab, d, heads, kvHeads, layers, decoderLayers, maxPositions,
                positional, block, head, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withSegments(int n) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaledScores, n, encoderHeads, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withEncoderHeads(EncoderHeads h) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaledScores, segments, h, specialIds, embeddingSharing, init);
    }

    public TransformerConfig withSpecialIds(SpecialIds ids) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaledScores, segments, encoderHeads, ids, embeddingSharing, init);
    }

    public TransformerConfig withEmbeddingSharing(EmbeddingSharing s) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaledScores, segments, encoderHeads, specialIds, s, init);
    }

    public TransformerConfig withInit(InitScheme s) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaledScores, segments, encoderHeads, specialIds, embeddingSharing, s);
    }

    public TransformerConfig withScaledScores(boolean scaled) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions,
                positional, block, head, scaled, segments, encoderHeads, specialIds, embeddingSharing, init);
    }
}
