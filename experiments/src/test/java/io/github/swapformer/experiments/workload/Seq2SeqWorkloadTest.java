package io.github.swapformer.experiments.workload;

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
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.positional.PositionalKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Seq2SeqWorkloadTest {

    /** A study cell's base config for an encoder-decoder, as {@code Cell.config()} builds it. */
    static TransformerConfig base(PositionalKind kind, FfnKind ffn, int d, int layers, int heads) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(ffn), true, 0, 0,
                ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.ENCODER_DECODER, Vocabulary.SIZE, d, heads, heads, layers, layers, 8,
                kind.defaultSpec(), block, HeadTying.TIED, true);
    }

    static Seq2SeqWorkload workload(PositionalKind kind, TaskKind task, int trainLength, long seed) {
        return Seq2SeqWorkload.of(base(kind, FfnKind.MLP_GELU, 16, 1, 2), task, trainLength, seed, new LengthEvaluator(16, 5));
    }

    @Test
    void theConfigCoversTheLongerOfSourceAndTargetWithT5sUnscaledScores() {
        TransformerConfig addition = Seq2SeqWorkload.config(base(PositionalKind.T5_BIAS, FfnKind.MLP_GELU, 16, 2, 2),
                TaskKind.ADDITION, 5);
        assertEquals(11, addition.maxPositions(), "source a + b of 2·5+1 tokens, target 6 digits");
        assertEquals(2, addition.nDecoderLayers());
        assertFalse(addition.scaledScores(), "T5's init folds 1/√HS into the query");
        assertEquals(4, Seq2SeqWorkload.config(base(PositionalKind.ROPE, FfnKind.MLP_GELU, 16, 1, 2), TaskKind.COPY, 4)
                .maxPositions());
        assertEquals(9, workload(PositionalKind.ROPE, TaskKind.ADDITION, 3, 1).inputLength(4));
        assertEquals(5, workload(PositionalKind.ROPE, TaskKind.PARITY, 3, 1).inputLength(5));
    }

    @Test
    void textObjectivesAreRefusedWithTheArchitectureTheTaskAndWhy() {
        for (Objective o : Objective.values()) {
            String m = assertThrows(IllegalArgumentException.class, () -> Seq2SeqWorkload.of(
                    base(PositionalKind.ROPE, FfnKind.MLP_GELU, 16, 1, 2), o, 4, 1, new LengthEvaluator(4, 4))).getMessage();
            assertTrue(m.startsWith("architecture encoder_decoder cannot learn task " + o.id() + ": "), m);
            assertTrue(m.contains("no (source, target) pairs"), m);
        }
    }

    /**
     * Masks right: each example's loss in a batch of mixed source and target lengths (right-padded,
     * [PAD] sources hidden) equals its loss run alone, for every encoding.
     */
    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void paddingMixedSizesGivesEachExampleItsLossAlone(PositionalKind kind) {
        Seq2SeqWorkload work = workload(kind, TaskKind.ADDITION, 4, 7);
        Rng rng = new Rng(11);
        List<Example> examples = List.of(TaskKind.ADDITION.example(rng, 1), TaskKind.ADDITION.example(rng, 4),
                TaskKind.ADDITION.example(rng, 2));
        TranslationBatch mixed = work.batch(examples);
        assertEquals(9, mixed.sourceLength());
        assertEquals(5, mixed.targetLength());
        float[] together = perPosition(work, mixed);
        for (int r = 0; r < examples.size(); r++) {
            TranslationBatch one = work.batch(List.of(examples.get(r)));
            float[] alone = perPosition(work, one);
            for (int t = 0; t < one.targetLength(); t++) {
                float a = alone[t];
                float b = together[r * mixed.targetLength() + t];
                assertEquals(a, b, 1e-5 * Math.max(1, Math.abs(a)), kind + ": example " + r + " target position " + t);
            }
            for (int t = one.targetLength(); t < mixed.targetLength(); t++) {
                assertEquals(0f, together[r * mixed.targetLength() + t], "padding carries no loss");
            }
        }
    }

    private static float[] perPosition(Seq2SeqWorkload work, TranslationBatch batch) {
        Tape tape = Tape.inference(Parallel.serial());
        Tensor logits = work.logits(tape, batch);
        assertEquals(List.of(batch.batch(), batch.targetLength(), Vocabulary.SIZE),
                List.of(logits.dim(0), logits.dim(1), logits.dim(2)));
        return Losses.crossEntropyPerPosition(tape, logits, batch.decoder().targets(), Losses.IGNORE_INDEX, 0f).data();
    }

    @Test
    void theTrainLossIsTheTargetCrossEntropyPlusTheMoeAuxiliaryLoss() {
        Seq2SeqWorkload moe = Seq2SeqWorkload.of(base(PositionalKind.ROPE, FfnKind.MOE, 16, 1, 2), TaskKind.COPY, 3, 2,
                new LengthEvaluator(4, 4));
        TrainConfig config = TrainConfig.defaults(3).withBatch(6, 1);
        Tensor withAux = moe.trainLoss(Tape.inference(Parallel.serial()), config, new Rng(5));
        List<Example> same = DecoderTaskWorkload.batch(TaskKind.COPY, config,
                new Rng(5)).examples();
        Tape tape = Tape.inference(Parallel.serial());
        TranslationBatch batch = moe.batch(same);
        float crossEntropy = Losses.crossEntropy(tape, moe.logits(tape, batch), batch.decoder().targets()).data()[0];
        float aux = moe.model().auxiliaryLoss(tape).data()[0];
        assertTrue(aux > 0, "router losses of one forward pass: " + aux);
        assertEquals(crossEntropy + aux, withAux.data()[0], 1e-5);
    }

    /** A size whose source passes a learned table is not applicable in the result: no run, no fake zero. */
    @Test
    void aLearnedTableIsNotApplicableBeyondItsPositionsAndOtherEncodingsRun() {
        Seq2SeqWorkload learned = workload(PositionalKind.LEARNED_ABSOLUTE, TaskKind.ADDITION, 3, 1);
        LengthResult atTrain = learned.evaluate(3, 9, Parallel.serial());
        assertEquals(Status.OK, atTrain.status());
        assertEquals(4, atTrain.perPosition().length, "one accuracy per answer digit");
        assertTrue(Double.isFinite(atTrain.loss()));
        LengthResult beyond = learned.evaluate(4, 9, Parallel.serial());
        assertEquals(Status.NOT_APPLICABLE, beyond.status());
        assertTrue(Double.isNaN(beyond.exactMatch()) && Double.isNaN(beyond.loss()), "no fake zero");
        assertEquals(9, beyond.sequenceLength());
        assertEquals("the encoder's LEARNED_ABSOLUTE represents 7 positions; size 4 needs a source of 9", beyond.reason());
        LengthResult rope = workload(PositionalKind.ROPE, TaskKind.ADDITION, 3, 1).evaluate(12, 9, Parallel.serial());
        assertEquals(Status.OK, rope.status(), rope.reason());
        assertEquals(13, rope.perPosition().length);
    }

    /** The same test examples as the decoder workloads see: the split is the evaluator's. */
    @Test
    void evaluationIsDeterministicForASeed() {
        Seq2SeqWorkload w = workload(PositionalKind.T5_BIAS, TaskKind.REVERSE, 4, 3);
        LengthResult a = w.evaluate(6, 21, Parallel.serial());
        LengthResult b = w.evaluate(6, 21, Parallel.serial());
        assertEquals(a.loss(), b.loss());
        assertEquals(a.tokenAccuracy(), b.tokenAccuracy());
        assertTrue(Double.isFinite(w.validationLoss(4, 21, Parallel.serial())));
    }
}
