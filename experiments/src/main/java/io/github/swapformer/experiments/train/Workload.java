package io.github.swapformer.experiments.train;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthResult;

/**
 * What one cell trains and how it is scored: the model of one architecture family together with
 * the data of one task, behind the calls the {@link Trainer}
 * and the length evaluation need. A new family or task is a new implementation (chosen by
 * {@code Cell.workload()}); the trainer, the study runner and the result files do not change.
 */
public interface Workload {
    /** The model being trained: its parameters for the optimizer, its state dict for checkpoints. */
    Module model();

    /**
     * The loss of one training micro-batch drawn from {@code rng}, problem sizes uniform in
     * {@code [config.minLength(), config.trainLength()]}: a rank-0 tensor on {@code tape} that
     * includes the model's auxiliary losses (MoE router losses).
     */
    Tensor trainLoss(Tape tape, TrainConfig config, Rng rng);

    /**
     * The result at problem size {@code n} on the test split derived from {@code seed}: the same
     * examples for every model evaluated with that seed. A size the model cannot represent is
     * {@link io.github.swapformer.experiments.eval.Status#NOT_APPLICABLE}, never run.
     */
    LengthResult evaluate(int n, long seed, Parallel pool);

    /** The mean loss on the validation split at size {@code n} (the loss curve's eval column). */
    double validationLoss(int n, long seed, Parallel pool);

    /** The model's input length at problem size {@code n} (reported for rows that are not run). */
    int inputLength(int n);
}
