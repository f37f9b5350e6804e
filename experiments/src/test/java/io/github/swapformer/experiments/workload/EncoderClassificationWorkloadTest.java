package io.github.swapformer.experiments.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.TrainResult;
import io.github.swapformer.experiments.train.Trainer;
import io.github.swapformer.positional.PositionalKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderClassificationWorkloadTest {

    /** A study-like base config (decoder vocabulary, default encoder fields), as {@code Cell.config()} builds it. */
    static TransformerConfig base(PositionalKind kind, int d, int layers, int heads, FfnKind ffn) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(ffn), true, 0, 0,
                ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.ENCODER_ONLY, Vocabulary.SIZE, d, heads, heads, layers, 0, 8,
                kind.defaultSpec(), block, HeadTying.TIED, true);
    }

    static EncoderClassificationWorkload workload(PositionalKind kind, TaskKind task, int trainLength, long seed) {
        TransformerConfig c = EncoderClassificationWorkload.config(base(kind, 32, 2, 2, FfnKind.MLP_GELU), task, trainLength);
        return new EncoderClassificationWorkload(new EncoderOnlyModel(c, seed), task, new LengthEvaluator(200, 100));
    }

    @Test
    void theInputIsClsPromptSepRightPaddedAndTheClassIsTheAnswersIndex() {
        // 1 0 1 | 1 and 0 | 0, hand-built majority examples
        Example a = new Example(new int[] {5, 4, 5, Vocabulary.SEP, 5}, 4);
        Example b = new Example(new int[] {4, Vocabulary.SEP, 4}, 2);
        ClassificationBatch batch = ClassificationBatch.of(List.of(a, b), EncoderClassificationWorkload.labels(TaskKind.MAJORITY));
        int cls = EncoderVocabulary.CLS;
        int sep = Vocabulary.SEP;
        assertEquals(5, batch.length());
        assertArrayEquals(new int[] {cls, 5, 4, 5, sep, cls, 4, sep, Vocabulary.PAD, Vocabulary.PAD}, batch.ids());
        assertArrayEquals(new int[] {1, 0}, batch.classes());
        assertEquals(TaskKind.MAJORITY.sequenceLength(3), ClassificationBatch.inputLength(a));
    }

    @Test
    void onlySingleTokenSequencePropertiesHaveLabels() {
        for (TaskKind t : TaskKind.values()) {
            boolean classifies = t == TaskKind.PARITY || t == TaskKind.MAJORITY || t == TaskKind.BRACKETS;
            assertEquals(classifies ? 2 : 0, EncoderClassificationWorkload.labels(t).length, t.id());
        }
        String why = assertThrows(IllegalArgumentException.class, () -> new EncoderClassificationWorkload(
                workload(PositionalKind.ROPE, TaskKind.PARITY, 4, 1).model(), TaskKind.COPY, new LengthEvaluator(8, 8)))
                .getMessage();
        assertTrue(why.contains("task copy has a multi-token answer: use parity, majority or brackets, or mlm"), why);
    }

    @Test
    void theConfigAddsClsAndMaskAndAClassifierAndCoversTheTrainInput() {
        TransformerConfig c = EncoderClassificationWorkload.config(base(PositionalKind.ROPE, 16, 1, 2, FfnKind.MLP_GELU),
                TaskKind.BRACKETS, 6);
        assertEquals(Vocabulary.SIZE + 2, c.vocabSize());
        assertEquals(EncoderVocabulary.CLS, c.specialIds().cls());
        assertEquals(EncoderVocabulary.MASK, c.specialIds().mask());
        assertEquals(Vocabulary.PAD, c.specialIds().pad());
        assertEquals(2, c.encoderHeads().classes());
        assertFalse(c.encoderHeads().mlm());
        assertEquals(2 * 6 + 2, c.maxPositions(), "[CLS] + 12 brackets + [SEP]");
    }

    @Test
    void aLearnedTableIsNotApplicablePastItsLengthAndOtherEncodingsRun() {
        EncoderClassificationWorkload learned = workload(PositionalKind.LEARNED_ABSOLUTE, TaskKind.PARITY, 4, 1);
        LengthResult past = learned.evaluate(5, 7, Parallel.serial());
        assertEquals(Status.NOT_APPLICABLE, past.status());
        assertTrue(Double.isNaN(past.exactMatch()), "no fake zero");
        assertEquals(7, past.sequenceLength());
        assertEquals(Status.OK, learned.evaluate(4, 7, Parallel.serial()).status());
        LengthResult rope = workload(PositionalKind.ROPE, TaskKind.PARITY, 4, 1).evaluate(16, 7, Parallel.serial());
        assertEquals(Status.OK, rope.status());
        assertEquals(rope.exactMatch(), rope.tokenAccuracy());
        assertEquals(0, rope.perPosition().length);
        assertTrue(rope.loss() > 0.3 && rope.loss() < 1.5, "an untrained binary classifier is near ln 2: " + rope.loss());
    }

    @Test
    void theTrainLossIsTheClassifierCrossEntropyAndHasGradients() {
        EncoderClassificationWorkload w = workload(PositionalKind.ALIBI, TaskKind.BRACKETS, 3, 2);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor loss = w.trainLoss(tape, TrainConfig.defaults(3).withBatch(8, 1), new Rng(3));
        assertEquals(0, loss.rank());
        assertTrue(loss.data()[0] > 0.3 && loss.data()[0] < 1.5, "near ln 2 at init: " + loss.data()[0]);
        tape.backward(loss);
        assertTrue(w.model().classifier().parameters().stream().anyMatch(p -> nonZero(p.tensor().grad())));
        assertTrue(nonZero(w.model().tokens().weight().grad()));
    }

    /** With a Mixture-of-Experts FFN the train loss is the classifier's cross-entropy plus the router losses. */
    @Test
    void theTrainLossAddsTheRouterLossesOfAMixtureOfExperts() {
        TaskKind task = TaskKind.PARITY;
        TransformerConfig c = EncoderClassificationWorkload.config(base(PositionalKind.ROPE, 16, 1, 2, FfnKind.MOE), task, 4);
        EncoderClassificationWorkload w = new EncoderClassificationWorkload(new EncoderOnlyModel(c, 4), task,
                new LengthEvaluator(8, 8));
        TrainConfig config = TrainConfig.defaults(4).withBatch(8, 1);
        Tape tape = Tape.recording(Parallel.serial());
        float loss = w.trainLoss(tape, config, new Rng(5)).data()[0];

        Rng same = new Rng(5);
        List<Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            examples.add(task.example(same, 1 + same.nextInt(4)));
        }
        ClassificationBatch batch = ClassificationBatch.of(examples, EncoderClassificationWorkload.labels(task));
        Tape again = Tape.recording(Parallel.serial());
        float crossEntropy = io.github.swapformer.core.ops.Losses.crossEntropy(again, w.logits(again, batch), batch.classes()).data()[0];
        float aux = w.model().auxiliaryLoss(again).data()[0];
        assertTrue(aux > 0, "router losses " + aux);
        assertEquals(crossEntropy + aux, loss, 1e-5f);
    }

    private static boolean nonZero(float[] g) {
        for (float v : g) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** A tiny encoder learns majority at the train sizes, as the fine-tuning study needs. */
    @Test
    void aTinyEncoderLearnsMajority() {
        TaskKind task = TaskKind.MAJORITY;
        EncoderClassificationWorkload w = workload(PositionalKind.NOPE, task, 7, 3);
        TrainConfig config = new TrainConfig(300, 32, 1, 3e-3, 30, 0.1, 0, 1, 0, 0, 1, 7);
        TrainResult r = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(w, 3, null);
        assertFalse(r.diverged());
        LengthResult at7 = w.evaluate(7, 99, Parallel.serial());
        assertTrue(at7.exactMatch() >= 0.95, "majority at size 7 after 300 steps: " + at7.exactMatch()
                + ", loss " + r.curve().recentTrainLoss(20));
    }
}
