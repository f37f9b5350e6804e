package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalSpec;

/**
 * A whole model: its family, sizes, positional encoding, block, and head tying. Validated when
 * built, before any weight is allocated; copies with one field changed come from the {@code with…}
 * methods. {@code nDecoderLayers} is used by encoder-decoders only (0 elsewhere).
 *
 * @param scaledScores whether attention divides scores by √HS (T5 does not: it folds the factor into its init)
 */
public record TransformerConfig(ArchitectureKind architecture, int vocabSize, int dModel, int nHeads, int nKvHeads,
                                int nLayers, int nDecoderLayers, int maxPositions, PositionalSpec positional,
                                BlockSpec block, HeadTying head, boolean scaledScores) {
    public TransformerConfig {
        if (architecture == null || positional == null || block == null || head == null) {
            throw new IllegalArgumentException("architecture, positional, block and head are required");
        }
        positive("vocab_size", vocabSize);
        positive("d_model", dModel);
        positive("n_heads", nHeads);
        positive("n_kv_heads", nKvHeads);
        positive("n_layers", nLayers);
        positive("max_positions", maxPositions);
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " is not divisible by n_heads " + nHeads);
        }
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("n_heads " + nHeads + " is not a multiple of n_kv_heads " + nKvHeads);
        }
        if (architecture == ArchitectureKind.ENCODER_DECODER) {
            positive("n_decoder_layers", nDecoderLayers);
        } else if (nDecoderLayers != 0) {
            throw new IllegalArgumentException("n_decoder_layers " + nDecoderLayers + " is only for ENCODER_DECODER, not " + architecture);
        }
    }

    public int headDim() {
        return dModel / nHeads;
    }

    /** The attention geometry of a self-attention stack; causal for decoders. */
    public AttentionShape attentionShape(boolean causal) {
        return new AttentionShape(dModel, nHeads, nKvHeads, headDim(), maxPositions, causal);
    }

    public TransformerConfig withPositional(PositionalSpec p) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions, p, block, head, scaledScores);
    }

    public TransformerConfig withBlock(BlockSpec b) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions, positional, b, head, scaledScores);
    }

    public TransformerConfig withMaxPositions(int n) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, n, positional, block, head, scaledScores);
    }

    public TransformerConfig withHead(HeadTying h) {
        return new TransformerConfig(architecture, vocabSize, dModel, nHeads, nKvHeads, nLayers, nDecoderLayers, maxPositions, positional, block, h, scaledScores);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
    }
}
