package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EncoderOnlyModelTest {
    private static final int D = 8;
    private static final int V = TinyConfigs.VOCAB;

    private static EncoderOnlyModel model(EncoderHeads heads) {
        return new EncoderOnlyModel(TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.LEARNED_ABSOLUTE.defaultSpec())
                .withEncoderHeads(heads), 5);
    }

    private static Tape inference() {
        return Tape.inference(Parallel.serial());
    }

    @Test
    void everyHeadHasItsShape() {
        EncoderOnlyModel m = model(new EncoderHeads(true, true, true, 3));
        int[] ids = {1, 5, 6, 2, 7, 1, 8, 9, 2, 0};
        int[] segments = {0, 0, 0, 0, 1, 0, 0, 1, 1, 1};
        Tape tape = inference();
        Tensor hidden = m.hidden(tape, ids, segments, 2, 5);
        assertArrayEquals(new int[] {2, 5, D}, hidden.shape());
        Tensor pooled = m.pooled(tape, hidden);
        assertArrayEquals(new int[] {2, D}, pooled.shape());
        for (float v : pooled.data()) {
            assertTrue(v > -1 && v < 1, "pooled values are tanh outputs: " + v);
        }
        assertArrayEquals(new int[] {2, 5, V}, m.mlmLogits(tape, hidden).shape());
        assertArrayEquals(new int[] {2, 2}, m.nspLogits(tape, pooled).shape());
        assertArrayEquals(new int[] {2, 3}, m.classLogits(tape, pooled).shape());
    }

    @Test
    void attentionIsBidirectional() {
        EncoderOnlyModel m = model(EncoderHeads.pretraining());
        int[] ids = {1, 5, 6, 7, 2};
        int[] changed = ids.clone();
        changed[3] = 9;
        Tensor a = m.hidden(inference(), ids, null, 1, 5, null);
        Tensor b = m.hidden(inference(), changed, null, 1, 5, null);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a.data(), 0, D), Arrays.copyOfRange(b.data(), 0, D)),
                "position 0 must see a later token");
    }

    @Test
    void paddedKeysAreInvisible() {
        EncoderOnlyModel m = model(EncoderHeads.pretraining());
        int[] ids = {1, 5, 6, 2, 0, 0};   // [CLS] a b [SEP] [PAD] [PAD]
        int[] other = {1, 5, 6, 2, 0, 11}; // a different token in a slot marked as padding
        boolean[][] valid = {{true, true, true, true, false, false}};
        Tensor a = m.hidden(inference(), ids, null, 1, 6, valid);
        Tensor b = m.hidden(inference(), other, null, 1, 6, valid);
        assertArrayEquals(Arrays.copyOfRange(a.data(), 0, 4 * D), Arrays.copyOfRange(b.data(), 0, 4 * D));
        // the [PAD]-derived mask equals the explicit one
        assertArrayEquals(a.data(), m.hidden(inference(), ids, null, 1, 6).data());
        // and padding does matter when it is not masked
        Tensor unmasked = m.hidden(inference(), other, null, 1, 6, null);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a.data(), 0, D), Arrays.copyOfRange(unmasked.data(), 0, D)));
    }

    @Test
    void segmentsChangeTheStates() {
        EncoderOnlyModel m = model(EncoderHeads.pretraining());
        int[] ids = {1, 5, 2, 6, 2};
        Tensor a = m.hidden(inference(), ids, new int[] {0, 0, 0, 1, 1}, 1, 5);
        Tensor b = m.hidden(inference(), ids, null, 1, 5);
        assertFalse(Arrays.equals(a.data(), b.data()));
    }

    @Test
    void tiedMlmDecoderTrainsTheTokenTable() {
        EncoderOnlyModel m = model(EncoderHeads.pretraining());
        assertEquals(null, m.mlm().decoder());
        int[] ids = {1, 5, 3, 2};          // [MASK] = 3 at position 2
        int[] targets = {-100, -100, 12, -100};
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.recording(pool);
            tape.backward(Losses.crossEntropy(tape, m.mlmLogits(tape, m.hidden(tape, ids, null, 1, 4)), targets,
                    Losses.IGNORE_INDEX, 0f));
        }
        float[] g = m.tokens().weight().grad();
        double row12 = 0;
        for (int c = 0; c < D; c++) {
            row12 += Math.abs(g[12 * D + c]);
        }
        assertTrue(row12 > 0, "token 12 never appears in the input: its gradient comes from the tied decoder only");
    }

    @Test
    void untiedMlmHasItsOwnDecoder() {
        EncoderOnlyModel m = new EncoderOnlyModel(TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.ROPE.defaultSpec())
                .withHead(HeadTying.UNTIED), 5);
        assertArrayEquals(new int[] {V, D}, m.mlm().decoder().weight().shape());
        assertTrue(m.stateDict().containsKey("mlm.decoder.weight"));
    }

    @Test
    void preLayerNormEncoderHasAFinalNormAndNoEmbeddingNorm() {
        TransformerConfig c = TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.ROPE.defaultSpec());
        EncoderOnlyModel post = new EncoderOnlyModel(c, 1);
        EncoderOnlyModel pre = new EncoderOnlyModel(c.withBlock(c.block().withPlacement(io.github.swapformer.arch.block.NormPlacement.PRE)), 1);
        assertTrue(post.embeddingNorm() != null && post.finalNorm() == null);
        assertTrue(pre.embeddingNorm() == null && pre.finalNorm() != null);
    }

    @Test
    void missingHeadsAndBadInputsAreNamed() {
        EncoderOnlyModel m = model(EncoderHeads.none());
        Tensor hidden = m.hidden(inference(), new int[] {1, 2}, null, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.pooled(inference(), hidden));
        assertTrue(e.getMessage().contains("pooler"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.hidden(inference(), new int[] {1, 2, 3}, null, 1, 2));
        assertTrue(e.getMessage().contains("3 tokens"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.hidden(inference(), new int[] {1, 2}, new int[] {0}, 1, 2));
        assertTrue(e.getMessage().contains("segment ids"), e.getMessage());
    }
}
