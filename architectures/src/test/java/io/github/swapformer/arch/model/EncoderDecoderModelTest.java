package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import io.github.swapformer.positional.T5Bias;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncoderDecoderModelTest {
    private static final int V = TinyConfigs.VOCAB;
    private static final int[] SOURCE = {4, 5, 6, 7, 8, 9, 10, 0}; // two rows of 4, row 1 ends in [PAD]
    private static final int[] TARGET = {0, 3, 4, 5, 6, 0, 7, 8, 9, 10};  // two rows of 5, starting at [PAD]

    private static EncoderDecoderModel model(PositionalKind kind) {
        return new EncoderDecoderModel(TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, kind.defaultSpec()), 9);
    }

    private static Tape inference() {
        return Tape.inference(Parallel.serial());
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void cachedDecodingGivesTheSameLogits(PositionalKind kind) {
        EncoderDecoderModel m = model(kind);
        Tensor memory = m.encode(inference(), SOURCE, 2, 4);
        boolean[][] valid = Padding.valid(SOURCE, 2, 4, 0);
        Tensor full = m.logits(inference(), memory, valid, TARGET, 2, 5);
        assertArrayEquals(new int[] {2, 5, V}, full.shape());
        KvCache cache = m.newCache();
        for (int t = 0; t < 5; t++) {
            int[] step = {TARGET[t], TARGET[5 + t]};
            Tensor one = m.logits(inference(), memory, valid, step, 2, 1, Positions.range(t, 1), cache);
            for (int b = 0; b < 2; b++) {
                for (int v = 0; v < V; v++) {
                    assertEquals(full.data()[(b * 5 + t) * V + v], one.data()[b * V + v], 1e-5f,
                            kind + ": row " + b + ", step " + t + ", logit " + v);
                }
            }
        }
        assertEquals(5, cache.length());
    }

    @Test
    void theDecoderIsCausalAndTheEncoderIsNot() {
        EncoderDecoderModel m = model(PositionalKind.T5_BIAS);
        Tensor base = m.logits(inference(), SOURCE, 4, TARGET, 5, 2);
        int[] laterTarget = TARGET.clone();
        laterTarget[4] = 11;
        Tensor changedTarget = m.logits(inference(), SOURCE, 4, laterTarget, 5, 2);
        assertArrayEquals(Arrays.copyOfRange(base.data(), 0, 4 * V), Arrays.copyOfRange(changedTarget.data(), 0, 4 * V));
        assertFalse(Arrays.equals(Arrays.copyOfRange(base.data(), 4 * V, 5 * V), Arrays.copyOfRange(changedTarget.data(), 4 * V, 5 * V)));
        int[] laterSource = SOURCE.clone();
        laterSource[3] = 11;
        Tensor changedSource = m.logits(inference(), laterSource, 4, TARGET, 5, 2);
        assertFalse(Arrays.equals(Arrays.copyOfRange(base.data(), 0, V), Arrays.copyOfRange(changedSource.data(), 0, V)),
                "the first target position sees the whole source");
    }

    @Test
    void paddedSourceIsInvisible() {
        EncoderDecoderModel m = model(PositionalKind.T5_BIAS);
        boolean[][] valid = Padding.valid(SOURCE, 2, 4, 0);
        int[] other = SOURCE.clone();
        other[7] = 11; // the padded slot of row 1, still marked invalid
        Tensor a = m.logits(inference(), m.encode(inference(), SOURCE, 2, 4, valid), valid, TARGET, 2, 5);
        Tensor b = m.logits(inference(), m.encode(inference(), other, 2, 4, valid), valid, TARGET, 2, 5);
        assertArrayEquals(a.data(), b.data());
    }

    @Test
    void oneRelativeBiasPerStackSharedByItsLayers() {
        EncoderDecoderModel m = model(PositionalKind.T5_BIAS);
        long tables = m.stateDict().keySet().stream().filter(n -> n.contains("positional")).count();
        assertEquals(2, tables);
        T5Bias encoderBias = (T5Bias) m.encoder().positional();
        T5Bias decoderBias = (T5Bias) m.decoder().positional();
        assertNotSame(encoderBias, decoderBias);
        assertArrayEquals(new int[] {32, 2}, encoderBias.weight().shape());
        // the encoder's buckets are two-sided, the decoder's one-sided: a key after the query shares
        // the decoder's bucket of distance 0 but not the encoder's
        assertEquals(T5Bias.bucket(0, false, 32, 128), T5Bias.bucket(3, false, 32, 128));
        assertTrue(T5Bias.bucket(0, true, 32, 128) != T5Bias.bucket(3, true, 32, 128));
    }

    @Test
    void sharedAndSeparateTokenTables() {
        EncoderDecoderModel shared = model(PositionalKind.T5_BIAS);
        assertSame(shared.encoderTokens(), shared.decoderTokens());
        TransformerConfig c = TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, PositionalKind.T5_BIAS.defaultSpec())
                .withEmbeddingSharing(EmbeddingSharing.SEPARATE);
        EncoderDecoderModel separate = new EncoderDecoderModel(c, 9);
        assertNotSame(separate.encoderTokens(), separate.decoderTokens());
        assertTrue(separate.stateDict().containsKey("encoder_tokens.weight") && separate.stateDict().containsKey("decoder_tokens.weight"));
    }

    @Test
    void aTiedHeadRescalesTheDecoderOutputByTheInverseRootOfD() {
        EncoderDecoderModel tied = model(PositionalKind.T5_BIAS);
        TransformerConfig untiedConfig = tied.config().withHead(HeadTying.UNTIED);
        EncoderDecoderModel untied = new EncoderDecoderModel(untiedConfig, 9);
        Map<String, Tensor> state = new HashMap<>(tied.stateDict());
        Tensor table = tied.decoderTokens().weight();
        float[] head = table.data().clone();
        float scale = (float) (1 / Math.sqrt(8));
        for (int i = 0; i < head.length; i++) {
            head[i] *= scale;
        }
        state.put("head.weight", Tensor.of(head, table.shape()));
        untied.loadStateDict(state);
        Tensor a = tied.logits(inference(), SOURCE, 4, TARGET, 5, 2);
        Tensor b = untied.logits(inference(), SOURCE, 4, TARGET, 5, 2);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.data()[i], b.data()[i], 1e-5f, "logit " + i);
        }
        assertEquals(0, tied.decoderStartId());
    }
}
