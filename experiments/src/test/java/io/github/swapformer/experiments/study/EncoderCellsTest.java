package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.experiments.workload.EncoderClassificationWorkload;
import io.github.swapformer.experiments.workload.EncoderVocabulary;
import io.github.swapformer.experiments.workload.MaskedLmWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which (architecture, task) pairs an encoder study accepts, and the one-line reasons of the others. */
class EncoderCellsTest {
    static final String ENCODER = SpecReaderTest.TINY.replace("task: [copy]", "task: [parity]\n  architecture: [encoder]");

    private static String message(String yaml) {
        return assertThrows(SpecException.class, () -> StudyRunner.validate(SpecReader.parse(yaml, "spec.yaml"))).getMessage();
    }

    @Test
    void theEncoderRunsEveryClassificationTaskAndMlmUnderEveryEncodingNormAndFfn() {
        String yaml = ENCODER.replace("task: [parity]", "task: [parity, majority, brackets, mlm]")
                .replace("[rope, alibi]", "[nope, sinusoidal, learned_absolute, shaw_relative, t5_bias, rope, alibi, fire, xpos]")
                + "extra:\n  - positional: [rope]\n    norm_placement: [post, sandwich]\n    norm_kind: [rms_norm]\n"
                + "    ffn: [swiglu, mlp_relu, moe]\n";
        List<Cell> cells = StudyRunner.validate(SpecReader.parse(yaml, "t"));
        assertTrue(cells.size() > 4 * 9 * 2, "every cell validated: " + cells.size());
    }

    @Test
    void eachTaskGetsItsWorkloadAndModel() {
        List<Cell> cells = SpecReader.parse(ENCODER.replace("task: [parity]", "task: [majority, mlm]"), "t").cells();
        var classify = assertInstanceOf(EncoderClassificationWorkload.class, cells.get(0).workload());
        assertEquals(EncoderVocabulary.SIZE, classify.model().config().vocabSize());
        assertEquals(2, classify.model().config().encoderHeads().classes());
        assertEquals(5, classify.inputLength(3), "[CLS] + 3 bits + [SEP]");
        var mlm = assertInstanceOf(MaskedLmWorkload.class, cells.get(cells.size() - 1).workload());
        assertTrue(mlm.model().config().encoderHeads().mlm() && mlm.model().config().encoderHeads().nsp());
        assertEquals(9, mlm.inputLength(3), "[CLS] A [SEP] B [SEP] with 3 tokens each");
        assertEquals(9, mlm.model().config().maxPositions());
    }

    @Test
    void multiTokenTasksLanguageModellingAndRecallAreRefusedForTheEncoderWithTheReason() {
        assertEquals("cell " + SpecReader.parse(ENCODER.replace("[parity]", "[copy]"), "t").cells().get(0).id()
                + " makes no sense: architecture encoder cannot learn task copy: an encoder-only model classifies a whole "
                + "sequence; task copy has a multi-token answer: use parity, majority or brackets, or mlm",
                message(ENCODER.replace("[parity]", "[copy]")));
        for (String task : List.of("reverse", "sort", "addition")) {
            assertTrue(message(ENCODER.replace("[parity]", "[" + task + "]"))
                    .contains("architecture encoder cannot learn task " + task + ": an encoder-only model classifies"), task);
        }
        String recall = message(ENCODER.replace("[parity]", "[associative_recall]"));
        assertTrue(recall.contains("task associative_recall has an answer looked up in the sequence: use parity, majority or brackets, or mlm"),
                recall);
        String lm = message(ENCODER.replace("[parity]", "[lm]"));
        assertTrue(lm.contains("architecture encoder cannot learn task lm: next-token language modelling needs a causal decoder"), lm);
    }

    @Test
    void theDecoderRefusesMlmButLearnsTheNewClassificationTasks() {
        String decoder = ENCODER.replace("architecture: [encoder]", "architecture: [decoder]");
        String m = message(decoder.replace("[parity]", "[mlm]"));
        assertTrue(m.contains("architecture decoder cannot learn task mlm: masked-LM predicts a token from both sides"), m);
        assertEquals(8, StudyRunner.validate(SpecReader.parse(decoder.replace("[parity]", "[majority, brackets]"), "t")).size());
    }
}
