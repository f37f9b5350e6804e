package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * BERT fine-tuning for sequence classification (Devlin et al. 2019, arXiv 1810.04805, §4.1) on a
 * synthetic task whose answer is one token from a small label set (parity, majority, brackets):
 * input {@code [CLS] x₁…xₙ [SEP]}, loss the cross-entropy of the classifier on the pooled [CLS]
 * state (plus MoE auxiliary losses). Scored on the same test split a decoder gets
 * ({@link LengthEvaluator#testSplit}): exact match and token accuracy are both the accuracy of the
 * argmax class, loss the mean cross-entropy; there is no per-position accuracy. A size whose input
 * is longer than the encoding can represent is not applicable.
 */
public final class EncoderClassificationWorkload implements Workload {
    /** Examples of the validation split behind the loss curve's eval column (as the decoder's). */
    private static final LengthEvaluator VALIDATION = new LengthEvaluator(64, 64);
    private static final int[] BITS = {Vocabulary.symbol(0), Vocabulary.symbol(1)};

    private final EncoderOnlyModel model;
    private final TaskKind task;
    private final int[] labels;
    private final LengthEvaluator evaluator;

    public EncoderClassificationWorkload(EncoderOnlyModel model, TaskKind task, LengthEvaluator evaluator) {
        int[] l = labels(task);
        if (l.length == 0) {
            throw new IllegalArgumentException("task " + task.id() + " is not a classification task: " + refusal(task));
        }
        if (model.config().encoderHeads().classes() != l.length) {
            throw new IllegalArgumentException("task " + task.id() + " has " + l.length + " classes but the model's "
                    + "classifier has " + model.config().encoderHeads().classes());
        }
        this.model = model;
        this.task = task;
        this.labels = l;
        this.evaluator = evaluator;
    }

    /**
     * The answer tokens a classifier chooses among, class i being {@code labels[i]}; empty for tasks
     * that are not sequence classification (multi-token answers, and associative recall, whose
     * answer is looked up rather than a property of the whole sequence).
     */
    public static int[] labels(TaskKind task) {
        return switch (task) {
            case PARITY, MAJORITY, BRACKETS -> BITS.clone();
            default -> new int[0];
        };
    }

    /** Why an encoder-only model does not learn {@code task} (for tasks without labels). */
    public static String refusal(TaskKind task) {
        return "an encoder-only model classifies a whole sequence; task " + task.id() + " has "
                + (task == TaskKind.ASSOCIATIVE_RECALL ? "an answer looked up in the sequence" : "a multi-token answer")
                + ": use parity, majority or brackets, or mlm";
    }

    /**
     * The encoder for {@code task} from a study's base config: the encoder vocabulary and special
     * ids, a classifier with one output per label, and positions for the longest train input.
     */
    public static TransformerConfig config(TransformerConfig base, TaskKind task, int trainLength) {
        TransformerConfig c = base.withSizes(EncoderVocabulary.SIZE, base.dModel(), base.nHeads(), base.nKvHeads(),
                base.nLayers(), 0);
        return c.withSpecialIds(EncoderVocabulary.specialIds())
                .withEncoderHeads(EncoderHeads.classification(labels(task).length))
                .withMaxPositions(inputLength(task, trainLength));
    }

    /** [CLS], the prompt and [SEP]: the task's sequence with its one answer token left out, plus [CLS]. */
    static int inputLength(TaskKind task, int n) {
        return task.sequenceLength(n);
    }

    @Override
    public EncoderOnlyModel model() {
        return model;
    }

    @Override
    public Tensor trainLoss(Tape tape, TrainConfig config, Rng rng) {
        List<Example> examples = new ArrayList<>(config.batchSize());
        int span = config.trainLength() - config.minLength() + 1;
        for (int i = 0; i < config.batchSize(); i++) {
            examples.add(task.example(rng, config.minLength() + rng.nextInt(span)));
        }
        ClassificationBatch batch = ClassificationBatch.of(examples, labels);
        Tensor loss = Losses.crossEntropy(tape, logits(tape, batch), batch.classes());
        return AuxiliaryLoss.addTo(tape, loss, model);
    }

    /** Class logits (B, classes) of a batch. */
    Tensor logits(Tape tape, ClassificationBatch batch) {
        Tensor hidden = model.hidden(tape, batch.ids(), null, batch.batch(), batch.length());
        return model.classLogits(tape, model.pooled(tape, hidden));
    }

    @Override
    public LengthResult evaluate(int n, long seed, Parallel pool) {
        return score(evaluator, n, seed, pool);
    }

    @Override
    public double validationLoss(int n, long seed, Parallel pool) {
        return score(VALIDATION, n, Seeds.derive(seed, "validation"), pool).loss();
    }

    private LengthResult score(LengthEvaluator split, int n, long seed, Parallel pool) {
        int length = inputLength(n);
        OptionalInt limit = model.positional().maxPositions();
        if (limit.isPresent() && length > limit.getAsInt()) {
            return LengthResult.notApplicable(n, length, model.positional().kind() + " represents "
                    + limit.getAsInt() + " positions; size " + n + " needs " + length);
        }
        List<Example> examples = split.testSplit(task, n, seed);
        long correct = 0;
        double lossSum = 0;
        for (int from = 0; from < examples.size(); from += split.batchSize()) {
            ClassificationBatch batch = ClassificationBatch.of(
                    examples.subList(from, Math.min(examples.size(), from + split.batchSize())), labels);
            Tape tape = Tape.inference(pool);
            Tensor logits = logits(tape, batch);
            float[] losses = Losses.crossEntropyPerPosition(tape, logits, batch.classes(), Losses.IGNORE_INDEX, 0f).data();
            for (int r = 0; r < batch.batch(); r++) {
                correct += ReductionKernels.argmax(logits.data(), r * labels.length, labels.length) == batch.classes()[r] ? 1 : 0;
                lossSum += losses[r];
            }
        }
        double accuracy = (double) correct / examples.size();
        return new LengthResult(n, length, Status.OK, accuracy, accuracy, lossSum / examples.size(), new double[0], "");
    }

    @Override
    public int inputLength(int n) {
        return inputLength(task, n);
    }
}
