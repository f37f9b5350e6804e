package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * BERT pretraining (Devlin et al. 2019, arXiv 1810.04805, §3.1): masked-LM plus next-sentence
 * prediction on pairs of synthetic sentences ({@link SentencePairs}, corrupted by
 * {@link MlmMasking}); the training loss is the sum of the two cross-entropies (plus MoE auxiliary
 * losses), as BERT's. Size n = tokens per sentence; input {@code [CLS] A [SEP] B [SEP]}.
 *
 * <p>How a row of the results maps the two objectives onto the summary's columns:
 * {@code exact_match} is the NSP accuracy, {@code token_accuracy} the accuracy of the argmax over
 * the vocabulary at the masked (chosen) positions, {@code loss} the mean MLM cross-entropy there
 * (so {@code perplexity} is the MLM perplexity); there is no per-position accuracy. The validation
 * loss of the loss curve is the training objective, MLM + NSP.
 */
public final class MaskedLmWorkload implements Workload {
    private static final LengthEvaluator VALIDATION = new LengthEvaluator(64, 64);

    private final EncoderOnlyModel model;
    private final LengthEvaluator evaluator;

    public MaskedLmWorkload(EncoderOnlyModel model, LengthEvaluator evaluator) {
        EncoderHeads heads = model.config().encoderHeads();
        if (!heads.mlm() || !heads.nsp()) {
            throw new IllegalArgumentException("mlm pretraining needs the MLM and NSP heads, the model has " + heads);
        }
        this.model = model;
        this.evaluator = evaluator;
    }

    /** The pretraining encoder from a study's base config: encoder vocabulary, MLM + NSP heads, the longest train input. */
    public static TransformerConfig config(TransformerConfig base, int trainLength) {
        TransformerConfig c = base.withSizes(EncoderVocabulary.SIZE, base.dModel(), base.nHeads(), base.nKvHeads(),
                base.nLayers(), 0);
        return c.withSpecialIds(EncoderVocabulary.specialIds()).withEncoderHeads(EncoderHeads.pretraining())
                .withSegments(2).withMaxPositions(Objective.MASKED_LM.inputLength(trainLength));
    }

    /** Why a decoder does not learn mlm. */
    public static String decoderRefusal() {
        return "architecture decoder cannot learn task mlm: masked-LM predicts a token from both sides and NSP reads "
                + "a [CLS] summary of the pair; a causal decoder sees only the left (use architecture encoder, or lm)";
    }

    @Override
    public EncoderOnlyModel model() {
        return model;
    }

    @Override
    public Tensor trainLoss(Tape tape, TrainConfig config, Rng rng) {
        List<PretrainingBatch.Example> examples = new ArrayList<>(config.batchSize());
        int span = config.trainLength() - config.minLength() + 1;
        for (int i = 0; i < config.batchSize(); i++) {
            examples.add(PretrainingBatch.Example.draw(rng, config.minLength() + rng.nextInt(span)));
        }
        Outputs out = forward(tape, PretrainingBatch.of(examples));
        Tensor sum = Elementwise.add(tape, Losses.crossEntropy(tape, out.mlm(), out.batch().mlmTargets()),
                Losses.crossEntropy(tape, out.nsp(), out.batch().nspLabels()));
        return AuxiliaryLoss.addTo(tape, sum, model);
    }

    /** The MLM logits (B, T, V) and NSP logits (B, 2) of a batch. */
    private Outputs forward(Tape tape, PretrainingBatch batch) {
        Tensor hidden = model.hidden(tape, batch.ids(), batch.segments(), batch.batch(), batch.length());
        return new Outputs(batch, model.mlmLogits(tape, hidden), model.nspLogits(tape, model.pooled(tape, hidden)));
    }

    private record Outputs(PretrainingBatch batch, Tensor mlm, Tensor nsp) {
    }

    /** The test pairs of size n for {@code seed}: the same pairs and masks for every model evaluated with that seed. */
    static List<PretrainingBatch.Example> testSplit(int examples, int n, long seed) {
        Rng rng = new Rng(Seeds.derive(seed, "test", n));
        List<PretrainingBatch.Example> out = new ArrayList<>(examples);
        for (int i = 0; i < examples; i++) {
            out.add(PretrainingBatch.Example.draw(rng, n));
        }
        return out;
    }

    @Override
    public LengthResult evaluate(int n, long seed, Parallel pool) {
        return score(evaluator, n, seed, pool).result();
    }

    @Override
    public double validationLoss(int n, long seed, Parallel pool) {
        Score s = score(VALIDATION, n, Seeds.derive(seed, "validation"), pool);
        return s.result().status() == Status.OK ? s.result().loss() + s.nspLoss() : Double.NaN;
    }

    private record Score(LengthResult result, double nspLoss) {
    }

    private Score score(LengthEvaluator split, int n, long seed, Parallel pool) {
        int length = inputLength(n);
        OptionalInt limit = model.positional().maxPositions();
        if (limit.isPresent() && length > limit.getAsInt()) {
            return new Score(LengthResult.notApplicable(n, length, model.positional().kind() + " represents "
                    + limit.getAsInt() + " positions; size " + n + " needs " + length), Double.NaN);
        }
        List<PretrainingBatch.Example> examples = testSplit(split.examples(), n, seed);
        MlmScore score = new MlmScore();
        for (int from = 0; from < examples.size(); from += split.batchSize()) {
            PretrainingBatch batch = PretrainingBatch.of(examples.subList(from, Math.min(examples.size(), from + split.batchSize())));
            Tape tape = Tape.inference(pool);
            Outputs out = forward(tape, batch);
            score.add(batch, out.mlm(), Losses.crossEntropyPerPosition(tape, out.mlm(), batch.mlmTargets(), Losses.IGNORE_INDEX, 0f),
                    out.nsp(), Losses.crossEntropyPerPosition(tape, out.nsp(), batch.nspLabels(), Losses.IGNORE_INDEX, 0f));
        }
        return new Score(score.result(n, length), score.nspLoss());
    }

    @Override
    public int inputLength(int n) {
        return Objective.MASKED_LM.inputLength(n);
    }
}
