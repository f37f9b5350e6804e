package io.github.swapformer.arch.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.Padding;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.Positions;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bert-tiny, t5-tiny (ReLU, tied head) and t5-gated-tiny (gated GELU, untied head) against the
 * float64 numpy re-implementation of Hugging Face's modeling code in the test resources
 * ({@code reference-models/generate_bert_t5.py}), which wrote their checkpoints and expected outputs.
 * Padded positions ([PAD] = 0) are hidden from attention in both. Tolerance 1e-4, as for GPT-2.
 */
class EncoderReferenceTest {
    private static final String BERT = "bert-tiny";
    private static Parallel pool;

    @BeforeAll
    static void setUp() {
        pool = Parallel.of(2);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @Test
    void bertHiddenStatesAndEveryHeadMatch() throws IOException {
        EncoderOnlyModel model = Checkpoints.load(ReferenceModels.dir(BERT), EncoderOnlyModel.class);
        assertEquals(EncoderHeads.pretraining(), model.config().encoderHeads(), "heads are read from the tensors present");
        JsonNode batch = ReferenceModels.expected(BERT).get("batch");
        int b = batch.get("B").asInt();
        int t = batch.get("T").asInt();
        Map<String, Tensor> ref = ReferenceModels.tensors(BERT, "expected.safetensors");
        Tape tape = Tape.inference(pool);
        Tensor hidden = model.hidden(tape, ReferenceModels.ints(batch.get("input_ids")),
                ReferenceModels.ints(batch.get("token_type_ids")), b, t);
        Tensor pooled = model.pooled(tape, hidden);
        double worst = 0;
        worst = Math.max(worst, check("hidden", hidden, ref));
        worst = Math.max(worst, check("pooled", pooled, ref));
        worst = Math.max(worst, check("mlm_logits", model.mlmLogits(tape, hidden), ref));
        worst = Math.max(worst, check("nsp_logits", model.nspLogits(tape, pooled), ref));
        System.out.printf("bert-tiny: max |error| over hidden, pooled, MLM and NSP logits %.3g%n", worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"t5-tiny", "t5-gated-tiny"})
    void t5EncoderOutputAndLogitsMatch(String name) throws IOException {
        EncoderDecoderModel model = Checkpoints.load(ReferenceModels.dir(name), EncoderDecoderModel.class);
        assertEquals(name.equals("t5-tiny") ? HeadTying.TIED : HeadTying.UNTIED, model.config().head());
        JsonNode batch = ReferenceModels.expected(name).get("batch");
        int b = batch.get("B").asInt();
        int s = batch.get("S").asInt();
        int t = batch.get("T").asInt();
        int[] source = ReferenceModels.ints(batch.get("input_ids"));
        int[] target = ReferenceModels.ints(batch.get("decoder_input_ids"));
        Map<String, Tensor> ref = ReferenceModels.tensors(name, "expected.safetensors");
        Tape tape = Tape.inference(pool);
        boolean[][] valid = Padding.valid(source, b, s, model.config().specialIds().pad());
        Tensor memory = model.encode(tape, source, b, s, valid);
        double worst = check("encoder_output", memory, ref);
        worst = Math.max(worst, check("logits", model.logits(tape, memory, valid, target, b, t), ref));

        // Step by step with the cache: the relative bias must see the true query positions.
        KvCache cache = model.newCache();
        int v = model.config().vocabSize();
        float[] expected = ref.get("logits").data();
        for (int step = 0; step < t; step++) {
            int[] ids = new int[b];
            for (int r = 0; r < b; r++) {
                ids[r] = target[r * t + step];
            }
            Tensor logits = model.logits(Tape.inference(pool), memory, valid, ids, b, 1, Positions.range(step, 1), cache);
            for (int r = 0; r < b; r++) {
                float[] want = Arrays.copyOfRange(expected, (r * t + step) * v, (r * t + step + 1) * v);
                float[] got = Arrays.copyOfRange(logits.data(), r * v, (r + 1) * v);
                double err = Gpt2ReferenceTest.maxAbsDiff(got, want);
                worst = Math.max(worst, err);
                assertTrue(err <= 1e-4, name + " cached step " + step + " row " + r + ": logits differ by " + err);
            }
        }
        System.out.printf("%s: max |error| over encoder output, logits and cached logits %.3g%n", name, worst);
    }

    private static double check(String name, Tensor mine, Map<String, Tensor> ref) {
        Tensor want = ref.get(name);
        assertArrayEquals(want.shape(), mine.shape(), name);
        double err = Gpt2ReferenceTest.maxAbsDiff(mine.data(), want.data());
        assertTrue(err <= 1e-4, name + " differs from the reference by up to " + err);
        return err;
    }
}
