package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.text.Corpus;
import io.github.swapformer.experiments.text.Corpus.Split;
import io.github.swapformer.experiments.text.CorpusSource;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import java.util.OptionalInt;

/**
 * A decoder-only language model on a text corpus (next-token prediction). Training draws windows of
 * {@code L} tokens at random offsets of the train split, one {@code L} per micro-batch, uniform in
 * {@code [minLength, trainLength]}. Evaluation at length L' (Press et al. 2021, arXiv 2108.12409, §2:
 * perplexity of non-overlapping windows, every position scored) reads at most {@code windows}
 * non-overlapping windows of L' tokens, evenly spaced over the test split and the same for every model:
 * loss = mean cross-entropy over all positions, perplexity = exp(loss), token accuracy = next-token
 * argmax accuracy, exact match = NaN (a window has no single answer). Per position it reports the
 * accuracy and the mean loss in {@link #BUCKETS} equal buckets of positions (width ⌈L'/64⌉).
 */
public final class LanguageModelWorkload implements Workload {
    /** Position buckets per evaluation length. */
    public static final int BUCKETS = 64;
    /** Windows of the validation split behind the loss curve's eval column. */
    private static final int VALIDATION_WINDOWS = 32;

    private final DecoderOnlyModel model;
    private final Corpus corpus;
    private final int windows;
    private final int batchSize;

    /**
     * @param windows   test windows per evaluation length (at most)
     * @param batchSize windows per forward pass in evaluation
     */
    public LanguageModelWorkload(DecoderOnlyModel model, Corpus corpus, int windows, int batchSize) {
        if (model.config().vocabSize() != corpus.tokenizer().vocabSize()) {
            throw new IllegalArgumentException("model vocabulary " + model.config().vocabSize() + " differs from the "
                    + corpus.tokenizer().kind().id() + " tokenizer's " + corpus.tokenizer().vocabSize());
        }
        if (windows < 1 || batchSize < 1) {
            throw new IllegalArgumentException("windows " + windows + " and batch size " + batchSize + " must be >= 1");
        }
        this.model = model;
        this.corpus = corpus;
        this.windows = windows;
        this.batchSize = batchSize;
    }

    /** The decoder configuration of a study cell with the tokenizer's vocabulary in place of the task vocabulary. */
    public static TransformerConfig config(TransformerConfig base, Corpus corpus) {
        return base.withSizes(corpus.tokenizer().vocabSize(), base.dModel(), base.nHeads(), base.nKvHeads(),
                base.nLayers(), base.nDecoderLayers());
    }

    /**
     * Refuses what cannot run: an architecture other than the decoder, or a corpus whose splits are too short
     * for the train length and the longest evaluation length.
     */
    public static void check(ArchitectureKind architecture, Corpus corpus, int trainLength, int[] evalLengths) {
        requireDecoder(architecture);
        corpus.requireWindow(Split.TRAIN, trainLength);
        corpus.requireWindow(Split.VALIDATION, trainLength);
        for (int n : evalLengths) {
            corpus.requireWindow(Split.TEST, n);
        }
    }

    /** {@link #check(ArchitectureKind, Corpus, int, int[])} for a study cell: the corpus is loaded after the architecture passed. */
    public static void check(ArchitectureKind architecture, CorpusSource source, int trainLength, int[] evalLengths) {
        requireDecoder(architecture);
        if (source == null) {
            throw new IllegalArgumentException("task lm needs a corpus: add corpus.file to the study spec");
        }
        check(architecture, source.corpus(), trainLength, evalLengths);
    }

    private static void requireDecoder(ArchitectureKind architecture) {
        if (architecture != ArchitectureKind.DECODER_ONLY) {
            String name = architecture == ArchitectureKind.ENCODER_ONLY ? "encoder" : "encoder_decoder"; // the study's names
            throw new IllegalArgumentException("architecture " + name
                    + " cannot learn task lm: next-token language modelling needs a causal decoder (architecture decoder)");
        }
    }

    @Override
    public DecoderOnlyModel model() {
        return model;
    }

    public Corpus corpus() {
        return corpus;
    }

    @Override
    public Tensor trainLoss(Tape tape, TrainConfig config, Rng rng) {
        int length = config.minLength() + rng.nextInt(config.trainLength() - config.minLength() + 1);
        int[] tokens = corpus.tokens(Split.TRAIN);
        corpus.requireWindow(Split.TRAIN, length);
        int batch = config.batchSize();
        int[] ids = new int[batch * length];
        int[] targets = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(tokens.length - length);
            System.arraycopy(tokens, start, ids, b * length, length);
            System.arraycopy(tokens, start + 1, targets, b * length, length);
        }
        return model.loss(tape, ids, targets, batch, length);
    }

    @Override
    public LengthResult evaluate(int n, long seed, Parallel pool) {
        OptionalInt limit = model.positional().maxPositions();
        if (limit.isPresent() && n > limit.getAsInt()) {
            return LengthResult.notApplicable(n, n, model.positional().kind() + " represents " + limit.getAsInt()
                    + " positions; a window of " + n + " tokens needs " + n);
        }
        return score(Split.TEST, n, windows, pool);
    }

    @Override
    public double validationLoss(int n, long seed, Parallel pool) {
        return score(Split.VALIDATION, n, VALIDATION_WINDOWS, pool).loss();
    }

    @Override
    public int inputLength(int n) {
        return n;
    }

    /** Scores at most {@code maxWindows} non-overlapping windows of n tokens, evenly spaced over the split. */
    LengthResult score(Split split, int n, int maxWindows, Parallel pool) {
        corpus.requireWindow(split, n);
        int[] tokens = corpus.tokens(split);
        int available = (tokens.length - 1) / n;
        int count = Math.min(available, maxWindows);
        WindowScore score = new WindowScore(n, BUCKETS);
        for (int from = 0; from < count; from += batchSize) {
            int batch = Math.min(batchSize, count - from);
            int[] ids = new int[batch * n];
            int[] targets = new int[batch * n];
            for (int b = 0; b < batch; b++) {
                // window k of count, spread evenly over the available non-overlapping slots
                int start = (int) ((long) (from + b) * available / count) * n;
                System.arraycopy(tokens, start, ids, b * n, n);
                System.arraycopy(tokens, start + 1, targets, b * n, n);
            }
            Tape tape = Tape.inference(pool);
            Tensor logits = model.logits(tape, ids, batch, n);
            Tensor losses = Losses.crossEntropyPerPosition(tape, logits, targets, Losses.IGNORE_INDEX, 0f);
            score.add(logits.data(), losses.data(), targets, logits.dim(-1));
        }
        return score.result(n);
    }

    /** Sums over scored windows: loss, argmax hits, and both per position bucket. */
    private static final class WindowScore {
        private final int length;
        private final int width;
        private final double[] bucketLoss;
        private final double[] bucketHits;
        private final long[] bucketCount;
        private double loss;
        private long hits;
        private long count;

        WindowScore(int length, int buckets) {
            this.length = length;
            this.width = (length + buckets - 1) / buckets;
            int n = (length + width - 1) / width;
            bucketLoss = new double[n];
            bucketHits = new double[n];
            bucketCount = new long[n];
        }

        void add(float[] logits, float[] losses, int[] targets, int vocab) {
            for (int row = 0; row < targets.length; row++) {
                int best = 0;
                for (int v = 1; v < vocab; v++) {
                    if (logits[row * vocab + v] > logits[row * vocab + best]) {
                        best = v;
                    }
                }
                int hit = best == targets[row] ? 1 : 0;
                int bucket = (row % length) / width;
                loss += losses[row];
                hits += hit;
                count++;
                bucketLoss[bucket] += losses[row];
                bucketHits[bucket] += hit;
                bucketCount[bucket]++;
            }
        }

        LengthResult result(int n) {
            double[] accuracy = new double[bucketCount.length];
            double[] meanLoss = new double[bucketCount.length];
            for (int b = 0; b < accuracy.length; b++) {
                accuracy[b] = bucketHits[b] / bucketCount[b];
                meanLoss[b] = bucketLoss[b] / bucketCount[b];
            }
            return new LengthResult(n, n, Status.OK, Double.NaN, (double) hits / count, loss / count, accuracy,
                    "", meanLoss);
        }
    }
}
