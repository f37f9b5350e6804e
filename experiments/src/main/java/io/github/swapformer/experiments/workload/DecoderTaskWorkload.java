package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.task.Batch;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder-only model on a synthetic (prompt, answer) task: trained by next-token cross-entropy on
 * the answer tokens, scored by {@link LengthEvaluator} (teacher-forced exact match, which equals
 * greedy decoding's).
 */
public final class DecoderTaskWorkload implements Workload {
    /** Examples of the validation split behind the loss curve's eval column. */
    private static final LengthEvaluator VALIDATION = new LengthEvaluator(64, 64);

    private final DecoderOnlyModel model;
    private final TaskKind task;
    private final LengthEvaluator evaluator;

    public DecoderTaskWorkload(DecoderOnlyModel model, TaskKind task, LengthEvaluator evaluator) {
        this.model = model;
        this.task = task;
        this.evaluator = evaluator;
    }

    @Override
    public DecoderOnlyModel model() {
        return model;
    }

    @Override
    public Tensor trainLoss(Tape tape, TrainConfig config, Rng rng) {
        Batch batch = batch(task, config, rng);
        return model.loss(tape, batch.inputs(), batch.targets(), batch.batch(), batch.length());
    }

    /** A train batch of {@code config.batchSize()} examples, sizes uniform in [minLength, trainLength]. */
    public static Batch batch(TaskKind task, TrainConfig config, Rng rng) {
        List<Example> examples = new ArrayList<>(config.batchSize());
        int span = config.trainLength() - config.minLength() + 1;
        for (int i = 0; i < config.batchSize(); i++) {
            examples.add(task.example(rng, config.minLength() + rng.nextInt(span)));
        }
        return Batch.of(examples);
    }

    @Override
    public LengthResult evaluate(int n, long seed, Parallel pool) {
        return evaluator.evaluate(model, task, n, seed, pool);
    }

    @Override
    public double validationLoss(int n, long seed, Parallel pool) {
        return VALIDATION.loss(model, task, n, Seeds.derive(seed, "validation"), pool);
    }

    @Override
    public int inputLength(int n) {
        return task.inputLength(n);
    }
}
