package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.positional.Alibi;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.PositionalSpec;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.T5Bias;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TransformerConfigTest {
    private static final PositionalSpec ONE_SIDED_T5 =
            new T5Bias.Spec(32, 128, BiasDirection.UNIDIRECTIONAL, T5Bias.Sharing.SHARED_ACROSS_LAYERS);

    @Test
    void oneSidedBucketBiasIsRefusedInEveryEncoder() {
        refused(() -> TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, ONE_SIDED_T5), "T5_BIAS", "UNIDIRECTIONAL", "ENCODER_ONLY");
        refused(() -> TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, ONE_SIDED_T5), "T5_BIAS", "UNIDIRECTIONAL", "BIDIRECTIONAL");
        refused(() -> TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, new Alibi.Spec(BiasDirection.UNIDIRECTIONAL)), "ALIBI", "UNIDIRECTIONAL");
        // a decoder may have it
        TinyConfigs.of(ArchitectureKind.DECODER_ONLY, ONE_SIDED_T5);
        refused(() -> TinyConfigs.of(ArchitectureKind.DECODER_ONLY,
                new T5Bias.Spec(32, 128, BiasDirection.FOLLOW_MASK, T5Bias.Sharing.PER_LAYER)), "sharing", "PER_LAYER");
    }

    @Test
    void learnedTableShorterThanTheContextIsRefused() {
        PositionalSpec shortTable = new LearnedAbsolute.Spec(8, LearnedAbsolute.OutOfRange.ERROR);
        refused(() -> TinyConfigs.of(ArchitectureKind.DECODER_ONLY, shortTable), "LEARNED_ABSOLUTE", "8", "max_positions 16");
        TinyConfigs.of(ArchitectureKind.DECODER_ONLY, new LearnedAbsolute.Spec(16, LearnedAbsolute.OutOfRange.ERROR));
    }

    @Test
    void headCountsMustDivide() {
        TransformerConfig ok = TinyConfigs.of(ArchitectureKind.DECODER_ONLY, PositionalKind.ROPE.defaultSpec());
        refused(() -> ok.withSizes(13, 8, 3, 3, 2, 0), "d_model 8", "n_heads 3");
        refused(() -> ok.withSizes(13, 12, 4, 3, 2, 0), "n_heads 4", "n_kv_heads 3");
        refused(() -> ok.withSizes(13, 8, 2, 4, 2, 0), "n_heads 2", "n_kv_heads 4");
        refused(() -> ok.withSizes(13, 8, 2, 2, 0, 0), "n_layers 0");
        refused(() -> ok.withSizes(13, 8, 2, 2, 2, 1), "n_decoder_layers 1", "ENCODER_DECODER");
        refused(() -> TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, PositionalKind.ROPE.defaultSpec()).withSizes(13, 8, 2, 2, 2, 0),
                "n_decoder_layers 0");
    }

    @Test
    void rotaryNeedsEnoughDimensions() {
        TransformerConfig c = TinyConfigs.of(ArchitectureKind.DECODER_ONLY, PositionalKind.XPOS.defaultSpec());
        refused(() -> c.withSizes(13, 6, 2, 2, 2, 0), "XPOS", "3");
        refused(() -> c.withPositional(Rope.Spec.defaults().withRotaryFraction(0.1)), "ROPE", "0.1");
    }

    @Test
    void familyFieldsBelongToTheirFamily() {
        TransformerConfig gpt = TinyConfigs.of(ArchitectureKind.DECODER_ONLY, PositionalKind.ROPE.defaultSpec());
        refused(() -> gpt.withSegments(2), "segments 2", "ENCODER_ONLY");
        refused(() -> gpt.withEncoderHeads(EncoderHeads.pretraining()), "encoder_heads", "DECODER_ONLY");
        refused(() -> gpt.withEmbeddingSharing(EmbeddingSharing.SEPARATE), "embedding_sharing SEPARATE");
        TransformerConfig bert = TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.ROPE.defaultSpec());
        refused(() -> bert.withSpecialIds(SpecialIds.bertUncased()), "special_ids", "vocab_size 13");
        refused(() -> bert.withSegments(-1), "segments -1");
        refused(() -> new EncoderHeads(false, false, true, 0), "pooler");
        refused(() -> EncoderHeads.classification(0), "classes 0");
    }

    @Test
    void firstPhaseConstructorTakesFamilyDefaults() {
        TransformerConfig bert = TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.ROPE.defaultSpec());
        assertEquals(2, bert.segments());
        assertEquals(EncoderHeads.pretraining(), bert.encoderHeads());
        assertEquals(InitScheme.BERT, bert.init());
        TransformerConfig gpt = TinyConfigs.of(ArchitectureKind.DECODER_ONLY, PositionalKind.ROPE.defaultSpec());
        assertEquals(0, gpt.segments());
        assertEquals(EncoderHeads.none(), gpt.encoderHeads());
        assertEquals(InitScheme.GPT2, gpt.init());
        assertEquals(InitScheme.T5, TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, PositionalKind.ROPE.defaultSpec()).init());
    }

    private static void refused(Supplier<?> build, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' does not mention '" + m + "'");
        }
    }
}
