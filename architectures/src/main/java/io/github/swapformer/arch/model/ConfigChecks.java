package io.github.swapformer.arch.model;

import io.github.swapformer.positional.Alibi;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.PositionalSpec;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.T5Bias;
import io.github.swapformer.positional.XPos;

/**
 * The checks {@link TransformerConfig} runs when it is built, so that a combination that cannot
 * work fails before any weight exists (DESIGN.md §9), with one message naming the field, its value
 * and what is allowed. Checks of one part alone live in that part's spec; these are the checks of
 * parts together.
 */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void required(Object... parts) {
        String[] names = {"architecture", "positional", "block", "head", "encoder_heads", "special_ids",
            "embedding_sharing", "init"};
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                throw new IllegalArgumentException(names[i] + " is required (got null)");
            }
        }
    }

    static void sizes(ArchitectureKind architecture, int vocabSize, int dModel, int nHeads, int nKvHeads,
                      int nLayers, int nDecoderLayers, int maxPositions) {
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
            throw new IllegalArgumentException("n_heads " + nHeads + " is not a multiple of n_kv_heads " + nKvHeads
                    + ": n_kv_heads must divide n_heads (n_heads for multi-head, 1 for multi-query attention)");
        }
        if (architecture == ArchitectureKind.ENCODER_DECODER) {
            positive("n_decoder_layers", nDecoderLayers);
        } else if (nDecoderLayers != 0) {
            throw new IllegalArgumentException("n_decoder_layers " + nDecoderLayers + " is only for ENCODER_DECODER, not " + architecture
                    + " (use 0)");
        }
    }

    static void family(ArchitectureKind architecture, int vocabSize, int segments, EncoderHeads heads,
                       SpecialIds ids, EmbeddingSharing sharing) {
        boolean encoderOnly = architecture == ArchitectureKind.ENCODER_ONLY;
        if (segments < 0 || (!encoderOnly && segments != 0)) {
            throw new IllegalArgumentException("segments " + segments + " is not allowed for " + architecture
                    + ": segment (token type) tables belong to ENCODER_ONLY models, with 0 or more rows");
        }
        if (!encoderOnly && heads.any()) {
            throw new IllegalArgumentException("encoder_heads " + heads + " are only for ENCODER_ONLY, not " + architecture
                    + " (use EncoderHeads.none())");
        }
        if (encoderOnly && ids.max() >= vocabSize) {
            throw new IllegalArgumentException("special_ids " + ids + " are not all below vocab_size " + vocabSize);
        }
        if (architecture == ArchitectureKind.ENCODER_DECODER && ids.pad() >= vocabSize) {
            throw new IllegalArgumentException("special_ids.pad " + ids.pad() + " is not below vocab_size " + vocabSize
                    + " (the decoder starts from [PAD], as T5)");
        }
        if (architecture != ArchitectureKind.ENCODER_DECODER && sharing != EmbeddingSharing.SHARED) {
            throw new IllegalArgumentException("embedding_sharing " + sharing + " is only for ENCODER_DECODER; "
                    + architecture + " has one token table (use SHARED)");
        }
    }

    /** The positional encoding against the stacks it will serve and the context it must cover. */
    static void positional(ArchitectureKind architecture, PositionalSpec spec, int headDim, int maxPositions) {
        boolean hasEncoder = architecture != ArchitectureKind.DECODER_ONLY;
        if (spec instanceof T5Bias.Spec t5) {
            if (hasEncoder && t5.direction() == BiasDirection.UNIDIRECTIONAL) {
                throw new IllegalArgumentException("positional T5_BIAS direction UNIDIRECTIONAL cannot serve the bidirectional encoder of "
                        + architecture + ": keys after a query would share the bucket of distance 0; use BIDIRECTIONAL or FOLLOW_MASK");
            }
            if (t5.sharing() != T5Bias.Sharing.SHARED_ACROSS_LAYERS) {
                throw new IllegalArgumentException("positional T5_BIAS sharing " + t5.sharing()
                        + " is not supported: models build one encoding per stack (SHARED_ACROSS_LAYERS, as T5)");
            }
        } else if (spec instanceof Alibi.Spec alibi && hasEncoder && alibi.direction() == BiasDirection.UNIDIRECTIONAL) {
            throw new IllegalArgumentException("positional ALIBI direction UNIDIRECTIONAL cannot serve the bidirectional encoder of "
                    + architecture + "; use BIDIRECTIONAL or FOLLOW_MASK");
        } else if (spec instanceof LearnedAbsolute.Spec learned && learned.maxPositions() > 0 && learned.maxPositions() < maxPositions) {
            throw new IllegalArgumentException("positional LEARNED_ABSOLUTE table of " + learned.maxPositions()
                    + " positions is shorter than max_positions " + maxPositions
                    + ": the table needs at least max_positions rows (0: exactly max_positions)");
        } else if (spec instanceof XPos.Spec && headDim % 2 != 0) {
            throw new IllegalArgumentException("positional XPOS needs an even head size, d_model / n_heads is " + headDim);
        } else if (spec instanceof Rope.Spec rope && 2 * (int) Math.floor(headDim * rope.rotaryFraction() / 2 + 1e-9) < 2) {
            throw new IllegalArgumentException("positional ROPE rotary_fraction " + rope.rotaryFraction() + " of head size "
                    + headDim + " rotates fewer than 2 dimensions; allowed: head size × fraction >= 2");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
    }
}
