package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Scorer;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import io.github.swapformer.positional.PositionalEncoding;
import java.util.List;
import java.util.OptionalInt;

/**
 * An encoder-decoder (Vaswani et al. 2017; T5, Raffel et al. 2020, arXiv 1910.10683) on a
 * synthetic task read as translation ({@link TranslationPair}): the encoder reads the prompt, the
 * decoder writes the answer from {@link EncoderDecoderModel#decoderStartId()} by teacher forcing,
 * and the loss is the cross-entropy over the answer tokens plus the MoE auxiliary losses. Scored as
 * the decoder workloads are (teacher-forced exact match equals greedy decoding's, see {@link Scorer}),
 * on the same test examples; a size whose source or target is longer than either stack's encoding
 * represents is not applicable.
 */
public final class Seq2SeqWorkload implements Workload {
    /** Examples of the validation split behind the loss curve's eval column (as the decoder workload). */
    private static final LengthEvaluator VALIDATION = new LengthEvaluator(64, 64);

    private final EncoderDecoderModel model;
    private final TaskKind task;
    private final LengthEvaluator evaluator;

    public Seq2SeqWorkload(EncoderDecoderModel model, TaskKind task, LengthEvaluator evaluator) {
        this.model = model;
        this.task = task;
        this.evaluator = evaluator;
    }

    /** The workload of an encoder-decoder cell: {@link #config} of the cell's base config, initialized from {@code initSeed}. */
    public static Seq2SeqWorkload of(TransformerConfig base, Task task, int trainLength, long initSeed,
                                     LengthEvaluator evaluator) {
        TaskKind kind = translatable(task);
        return new Seq2SeqWorkload(new EncoderDecoderModel(config(base, kind, trainLength), initSeed), kind, evaluator);
    }

    /**
     * The model of the cell whose base config is {@code base} (a study cell's: its sizes, block and
     * encoding): both stacks as deep as {@code base.nLayers()} was asked, positions covering the
     * longer of source and target at the train length, and T5's unscaled scores, whose 1/√HS the
     * T5 initialization folds into the query (as t5-small, {@code Preset.T5_SMALL}).
     */
    public static TransformerConfig config(TransformerConfig base, Task task, int trainLength) {
        TaskKind kind = translatable(task);
        if (base.architecture() != ArchitectureKind.ENCODER_DECODER) {
            throw new IllegalArgumentException("an encoder-decoder workload needs an ENCODER_DECODER config, got "
                    + base.architecture());
        }
        TranslationPair longest = TranslationPair.atSize(kind, trainLength);
        return base.withMaxPositions(Math.max(longest.sourceLength(), longest.targetLength())).withScaledScores(false);
    }

    /** The task as a synthetic one; text objectives have no source to translate, and the message says so. */
    public static TaskKind translatable(Task task) {
        if (task instanceof TaskKind kind) {
            return kind;
        }
        throw new IllegalArgumentException("architecture encoder_decoder cannot learn task " + task.id()
                + ": it translates a synthetic task's prompt into its answer, and " + task.id()
                + " is a text objective with no (source, target) pairs (use the decoder or the encoder for it)");
    }

    @Override
    public EncoderDecoderModel model() {
        return model;
    }

    @Override
    public Tensor trainLoss(Tape tape, TrainConfig config, Rng rng) {
        List<Example> examples = DecoderTaskWorkload.batch(task, config, rng).examples();
        return loss(tape, batch(examples));
    }

    /** Mean cross-entropy over the batch's target tokens plus the model's auxiliary losses, rank 0. */
    public Tensor loss(Tape tape, TranslationBatch batch) {
        Tensor logits = logits(tape, batch);
        Tensor loss = Losses.crossEntropy(tape, logits, batch.decoder().targets(), Losses.IGNORE_INDEX, 0f);
        return AuxiliaryLoss.addTo(tape, loss, model);
    }

    /** Teacher-forced logits (B, T, V) of the batch; [PAD] sources hidden from attention. */
    public Tensor logits(Tape tape, TranslationBatch batch) {
        return model.logits(tape, batch.sources(), batch.sourceLength(), batch.decoder().inputs(), batch.targetLength(),
                batch.batch());
    }

    /** The examples as translation pairs, packed for this model. */
    public TranslationBatch batch(List<Example> examples) {
        return TranslationBatch.of(examples.stream().map(TranslationPair::of).toList(), model.decoderStartId());
    }

    @Override
    public LengthResult evaluate(int n, long seed, Parallel pool) {
        return evaluate(evaluator, n, seed, pool);
    }

    @Override
    public double validationLoss(int n, long seed, Parallel pool) {
        return evaluate(VALIDATION, n, Seeds.derive(seed, "validation"), pool).loss();
    }

    private LengthResult evaluate(LengthEvaluator split, int n, long seed, Parallel pool) {
        TranslationPair shape = TranslationPair.atSize(task, n);
        String tooLong = tooLong("encoder", model.encoder().positional(), shape.sourceLength(), "source", n);
        if (tooLong.isEmpty()) {
            tooLong = tooLong("decoder", model.decoder().positional(), shape.targetLength(), "target", n);
        }
        if (!tooLong.isEmpty()) {
            return LengthResult.notApplicable(n, inputLength(n), tooLong);
        }
        List<Example> examples = split.testSplit(task, n, seed);
        Scorer scorer = new Scorer(shape.targetLength());
        for (int from = 0; from < examples.size(); from += split.batchSize()) {
            TranslationBatch batch = batch(examples.subList(from, Math.min(examples.size(), from + split.batchSize())));
            Tape tape = Tape.inference(pool);
            Tensor logits = logits(tape, batch);
            Tensor losses = Losses.crossEntropyPerPosition(tape, logits, batch.decoder().targets(), Losses.IGNORE_INDEX, 0f);
            scorer.add(batch.decoder(), logits.data(), losses.data(), logits.dim(-1));
        }
        return scorer.result(n, inputLength(n), true);
    }

    /** Why a stack cannot read {@code length} positions, or "" when it can. */
    private static String tooLong(String stack, PositionalEncoding encoding, int length, String what, int n) {
        OptionalInt limit = encoding.maxPositions();
        if (limit.isPresent() && length > limit.getAsInt()) {
            return "the " + stack + "'s " + encoding.kind() + " represents " + limit.getAsInt() + " positions; size " + n
                    + " needs a " + what + " of " + length;
        }
        return "";
    }

    /** The longer of the source and the target at size n: the positions the stacks must represent. */
    @Override
    public int inputLength(int n) {
        TranslationPair shape = TranslationPair.atSize(task, n);
        return Math.max(shape.sourceLength(), shape.targetLength());
    }

    public TaskKind task() {
        return task;
    }
}
