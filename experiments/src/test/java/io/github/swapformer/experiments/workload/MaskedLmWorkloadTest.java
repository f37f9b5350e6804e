package io.github.swapformer.experiments.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.TrainResult;
import io.github.swapformer.experiments.train.Trainer;
import io.github.swapformer.positional.PositionalKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskedLmWorkloadTest {

    static MaskedLmWorkload workload(PositionalKind kind, int d, int layers, int trainLength, long seed) {
        TransformerConfig base = EncoderClassificationWorkloadTest.base(kind, d, layers, 2, FfnKind.MLP_GELU);
        return new MaskedLmWorkload(new EncoderOnlyModel(MaskedLmWorkload.config(base, trainLength), seed),
                new LengthEvaluator(256, 128));
    }

    @Test
    void sentencesContinueTheirDocumentAndRandomOnesComeFromAnotherTopic() {
        // topic 1 is symbols 8..15; start 6, step 3 mod 8: 6, 1, 4 -> symbols 14, 9, 12 (hand-computed)
        assertArrayEquals(new int[] {18, 13, 16}, SentencePairs.sentence(1, 6, 3, 3));
        Rng rng = new Rng(21);
        int next = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            int n = 2 + i % 6;
            SentencePairs.Pair p = SentencePairs.draw(rng, n);
            int topicA = topic(p.a()[0]);
            int step = Math.floorMod(p.a()[1] - p.a()[0], SentencePairs.TOPIC_SYMBOLS);
            for (int k = 1; k < n; k++) {
                assertEquals(topicA, topic(p.a()[k]));
                assertEquals(step, Math.floorMod(p.a()[k] - p.a()[k - 1], SentencePairs.TOPIC_SYMBOLS), "a progression");
            }
            boolean continues = topic(p.b()[0]) == topicA
                    && Math.floorMod(p.b()[0] - p.a()[n - 1], SentencePairs.TOPIC_SYMBOLS) == step
                    && Math.floorMod(p.b()[1] - p.b()[0], SentencePairs.TOPIC_SYMBOLS) == step;
            assertEquals(p.isNext(), continues, Vocabulary.render(p.a()) + " / " + Vocabulary.render(p.b()));
            assertEquals(p.isNext(), topic(p.b()[n - 1]) == topicA, "a random sentence is of another topic");
            next += p.isNext() ? 1 : 0;
        }
        // NSP labels balanced: 0.5 ± 4 standard errors (0.008)
        assertEquals(0.5, (double) next / draws, 0.032);
    }

    private static int topic(int symbolId) {
        return (symbolId - Vocabulary.FIRST_SYMBOL) / SentencePairs.TOPIC_SYMBOLS;
    }

    @Test
    void theInputIsClsASepBSepWithSegmentsAndMaskingOnlyTouchesSymbols() {
        Rng rng = new Rng(22);
        PretrainingBatch.Example e = PretrainingBatch.Example.draw(rng, 4);
        assertEquals(11, e.ids().length);
        assertEquals(EncoderVocabulary.CLS, e.ids()[0]);
        assertEquals(Vocabulary.SEP, e.ids()[5]);
        assertEquals(Vocabulary.SEP, e.ids()[10]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, e.segments());
        PretrainingBatch b = PretrainingBatch.of(List.of(e, PretrainingBatch.Example.draw(rng, 2)));
        assertEquals(11, b.length());
        assertEquals(Vocabulary.PAD, b.ids()[11 + 7]);
        assertEquals(Losses.IGNORE_INDEX, b.mlmTargets()[11 + 7]);
        assertEquals(0, b.segments()[11 + 7]);
    }

    /** BERT's 15 % and 80/10/10 (Devlin et al. 2019, §3.1), over many draws of 32-symbol inputs. */
    @Test
    void maskingChoosesFifteenPercentOfSymbolsAndSplitsThemEightyTenTen() {
        Rng rng = new Rng(23);
        long symbols = 0;
        long chosen = 0;
        long masked = 0;
        long unchanged = 0;
        for (int i = 0; i < 4000; i++) {
            PretrainingBatch.Example e = PretrainingBatch.Example.draw(rng, 16);
            int[] original = originalIds(e);
            for (int t = 0; t < e.ids().length; t++) {
                boolean special = t == 0 || t == 17 || t == 34;
                if (special) {
                    assertEquals(Losses.IGNORE_INDEX, e.mlmTargets()[t], "specials are never chosen");
                    assertEquals(original[t], e.ids()[t], "specials are never changed");
                    continue;
                }
                symbols++;
                if (e.mlmTargets()[t] == Losses.IGNORE_INDEX) {
                    assertTrue(EncoderVocabulary.isSymbol(e.ids()[t]), "unchosen tokens stay");
                    continue;
                }
                chosen++;
                masked += e.ids()[t] == EncoderVocabulary.MASK ? 1 : 0;
                unchanged += e.ids()[t] == e.mlmTargets()[t] ? 1 : 0;
            }
        }
        // 128000 symbols: the rate's standard error is 0.001; the at-least-one rule adds 0.85^32/32 ≈ 0.0002
        assertEquals(0.15, (double) chosen / symbols, 0.005);
        // ~19200 chosen: standard errors 0.003 (80 %) and 0.002 (10 %); a random symbol equals the original 1/16 of the time
        assertEquals(0.8, (double) masked / chosen, 0.012);
        assertEquals(0.1 + 0.1 / 16, (double) unchanged / chosen, 0.01);
        assertEquals(0.1 - 0.1 / 16, 1 - (double) (masked + unchanged) / chosen, 0.01);
    }

    @Test
    void everySequenceHasAtLeastOneChosenToken() {
        Rng rng = new Rng(24);
        for (int i = 0; i < 500; i++) {
            PretrainingBatch.Example e = PretrainingBatch.Example.draw(rng, 1);
            long chosen = java.util.Arrays.stream(e.mlmTargets()).filter(t -> t != Losses.IGNORE_INDEX).count();
            assertTrue(chosen >= 1 && chosen <= 2);
        }
    }

    /** The ids before masking: wherever a target was chosen it holds the original. */
    private static int[] originalIds(PretrainingBatch.Example e) {
        int[] ids = e.ids().clone();
        for (int t = 0; t < ids.length; t++) {
            if (e.mlmTargets()[t] != Losses.IGNORE_INDEX) {
                ids[t] = e.mlmTargets()[t];
            }
        }
        return ids;
    }

    @Test
    void theTrainLossIsMlmPlusNspNearChanceAtInitAndLearnedTablesStopAtTheirLength() {
        MaskedLmWorkload w = workload(PositionalKind.LEARNED_ABSOLUTE, 16, 1, 4, 5);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor loss = w.trainLoss(tape, TrainConfig.defaults(4).withBatch(16, 1), new Rng(3));
        double chance = Math.log(EncoderVocabulary.SIZE) + Math.log(2);
        assertEquals(chance, loss.data()[0], 1.0, "ln 22 + ln 2 at init");
        tape.backward(loss);
        assertEquals(Status.OK, w.evaluate(4, 1, Parallel.serial()).status());
        LengthResult past = w.evaluate(5, 1, Parallel.serial());
        assertEquals(Status.NOT_APPLICABLE, past.status());
        assertEquals(13, past.sequenceLength());
        assertTrue(Double.isNaN(w.validationLoss(5, 1, Parallel.serial())));
    }

    @Test
    void theTestSplitDependsOnlyOnTheSeedAndSize() {
        var a = MaskedLmWorkload.testSplit(4, 5, 9);
        var b = MaskedLmWorkload.testSplit(4, 5, 9);
        assertArrayEquals(a.get(3).ids(), b.get(3).ids());
        assertArrayEquals(a.get(3).mlmTargets(), b.get(3).mlmTargets());
        assertNotEquals(java.util.Arrays.toString(a.get(0).ids()),
                java.util.Arrays.toString(MaskedLmWorkload.testSplit(4, 5, 10).get(0).ids()));
    }

    /** A tiny encoder learns both objectives in a small budget: MLM well above chance (1/16), NSP above 90 %. */
    @Test
    void aTinyEncoderLearnsMlmAndNsp() {
        MaskedLmWorkload w = workload(PositionalKind.ROPE, 32, 2, 6, 7);
        TrainConfig config = new TrainConfig(600, 32, 1, 3e-3, 40, 0.1, 0, 1, 0, 0, 2, 6);
        long t0 = System.nanoTime();
        TrainResult r = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(w, 7, null);
        assertFalse(r.diverged());
        LengthResult at6 = w.evaluate(6, 99, Parallel.serial());
        System.out.printf("mlm test: nsp %.3f, masked-token %.3f, mlm loss %.3f, train loss %.3f, %.1f s%n", at6.exactMatch(),
                at6.tokenAccuracy(), at6.loss(), r.curve().recentTrainLoss(20), (System.nanoTime() - t0) / 1e9);
        assertTrue(at6.tokenAccuracy() > 0.5, "masked-token accuracy " + at6.tokenAccuracy() + " (chance 1/16, 1/8 knowing the topic)");
        assertTrue(at6.exactMatch() > 0.9, "NSP accuracy " + at6.exactMatch());
    }
}
