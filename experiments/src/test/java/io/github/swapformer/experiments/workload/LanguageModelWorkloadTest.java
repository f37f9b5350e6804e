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
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.text.Corpus;
import io.github.swapformer.experiments.text.Corpus.Split;
import io.github.swapformer.experiments.text.CorpusSpec;
import io.github.swapformer.experiments.text.GeneratedCorpus;
import io.github.swapformer.experiments.text.TokenizerKind;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.TrainResult;
import io.github.swapformer.experiments.train.Trainer;
import io.github.swapformer.positional.PositionalKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelWorkloadTest {
    @TempDir
    Path dir;

    static DecoderOnlyModel model(Corpus corpus, PositionalKind kind, int d, int maxPositions, long seed) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU), true,
                0, 0, ResidualScaling.NONE);
        return new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, corpus.tokenizer().vocabSize(),
                d, 2, 2, 2, 0, maxPositions, kind.defaultSpec(), block, HeadTying.TIED, true), seed);
    }

    /** Cross-entropy (nats) of the test split under the train split's byte frequencies (add-one smoothed). */
    static double unigramLoss(Corpus c) {
        int v = c.tokenizer().vocabSize();
        double[] counts = new double[v];
        java.util.Arrays.fill(counts, 1);
        for (int t : c.tokens(Split.TRAIN)) {
            counts[t]++;
        }
        double total = java.util.Arrays.stream(counts).sum();
        double loss = 0;
        int[] test = c.tokens(Split.TEST);
        for (int t : test) {
            loss -= Math.log(counts[t] / total);
        }
        return loss / test.length;
    }

    @Test
    void aTinyByteModelBeatsTheUnigramBaselineByFar() {
        Corpus corpus = Corpus.load(new CorpusSpec(GeneratedCorpus.write(dir, 1, 40_000), TokenizerKind.BYTE, 0));
        DecoderOnlyModel m = model(corpus, PositionalKind.ROPE, 32, 32, 2);
        LanguageModelWorkload work = new LanguageModelWorkload(m, corpus, 32, 16);
        TrainConfig config = new TrainConfig(250, 16, 1, 1e-2, 20, 0.1, 0, 1, 0, 0, 32, 32);
        TrainResult r = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(work, 2, null);
        assertFalse(r.diverged());
        double unigram = Math.exp(unigramLoss(corpus));
        LengthResult res = work.evaluate(32, 1, Parallel.serial());
        assertEquals(Status.OK, res.status());
        assertTrue(Double.isNaN(res.exactMatch()));
        assertTrue(res.perplexity() < unigram / 2, "perplexity " + res.perplexity() + " vs unigram " + unigram);
        assertTrue(res.tokenAccuracy() > 0.4, "next-byte accuracy " + res.tokenAccuracy());
        assertTrue(work.validationLoss(32, 1, Parallel.serial()) < Math.log(unigram / 2));
    }

    @Test
    void evaluationIsPerPositionBucketAndTheSameWindowsEveryTime() {
        Corpus corpus = Corpus.load(new CorpusSpec(GeneratedCorpus.write(dir, 2, 30_000), TokenizerKind.CHAR, 0));
        LanguageModelWorkload work = new LanguageModelWorkload(model(corpus, PositionalKind.ALIBI, 16, 16, 3), corpus, 5, 2);
        LengthResult a = work.evaluate(130, 7, Parallel.serial());
        // width ceil(130 / 64) = 3: 44 buckets, the last one holding positions 129 only
        assertEquals(44, a.perPosition().length);
        assertEquals(44, a.perPositionLoss().length);
        double mean = java.util.Arrays.stream(a.perPositionLoss()).limit(43).sum() * 3 + a.perPositionLoss()[43];
        assertEquals(a.loss(), mean / 130, 1e-9, "buckets partition the positions");
        LengthResult b = work.evaluate(130, 8, Parallel.serial());
        assertEquals(a.loss(), b.loss(), 0.0);
        assertArrayEquals(a.perPositionLoss(), b.perPositionLoss(), 0.0);
    }

    @Test
    void learnedPositionsAreNotApplicableBeyondTheirTable() {
        Corpus corpus = Corpus.load(new CorpusSpec(GeneratedCorpus.write(dir, 3, 20_000), TokenizerKind.BYTE, 0));
        LanguageModelWorkload work = new LanguageModelWorkload(
                model(corpus, PositionalKind.LEARNED_ABSOLUTE, 16, 16, 3), corpus, 4, 4);
        assertEquals(Status.OK, work.evaluate(16, 1, Parallel.serial()).status());
        LengthResult r = work.evaluate(24, 1, Parallel.serial());
        assertEquals(Status.NOT_APPLICABLE, r.status());
        assertTrue(r.reason().contains("represents 16 positions"), r.reason());
    }

    @Test
    void checkRefusesOtherArchitecturesAndShortCorpora() {
        Corpus corpus = Corpus.load(new CorpusSpec(GeneratedCorpus.write(dir, 4, 4_000), TokenizerKind.BYTE, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelWorkload.check(ArchitectureKind.ENCODER_ONLY, corpus, 16, new int[] {16}));
        assertTrue(e.getMessage().contains("architecture encoder cannot learn task lm"), e.getMessage());
        LanguageModelWorkload.check(ArchitectureKind.DECODER_ONLY, corpus, 16, new int[] {16, 64});
        e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModelWorkload.check(ArchitectureKind.DECODER_ONLY, corpus, 16, new int[] {16, 400}));
        assertTrue(e.getMessage().contains("test split (last 5 %) has") && e.getMessage().contains("a window of 400"),
                e.getMessage());
    }

    @Test
    void refusesAModelWhoseVocabularyIsNotTheTokenizers() {
        Corpus bytes = Corpus.load(new CorpusSpec(GeneratedCorpus.write(dir, 5, 2_000), TokenizerKind.BYTE, 0));
        Corpus chars = Corpus.load(new CorpusSpec(dir.resolve("corpus.txt"), TokenizerKind.CHAR, 0));
        DecoderOnlyModel m = model(chars, PositionalKind.ROPE, 16, 16, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LanguageModelWorkload(m, bytes, 4, 4));
        assertTrue(e.getMessage().contains("differs from the byte tokenizer's 257"), e.getMessage());
    }
}
