package io.github.swapformer.experiments.train;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.optim.GradClip;
import io.github.swapformer.core.optim.LrSchedule;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains a {@link Workload} (nanoGPT's loop, llm.c's order): per step, zero the gradients, run
 * {@code accumulation} micro-batches each scaled by 1/accumulation, clip the global norm, take an
 * AdamW step at the schedule's rate. Seeds: batches come from {@code Seeds.derive(seed, "data")}
 * and the step, dropout masks from {@code Seeds.derive(seed, "dropout")} and the step, so that a
 * run resumed from a checkpoint is the uninterrupted run. A NaN or infinite loss or gradient norm
 * stops the run as diverged.
 */
public final class Trainer {
    /** Called after every optimizer step. */
    public interface Listener {
        void onStep(int step, int totalSteps, double trainLoss, double lr);

        Listener NONE = (step, total, loss, lr) -> { };
    }

    private final TrainConfig config;
    private final Parallel pool;
    private final Listener listener;

    public Trainer(TrainConfig config, Parallel pool, Listener listener) {
        this.config = config;
        this.pool = pool;
        this.listener = listener;
    }

    /**
     * Trains {@code work} from seed {@code seed}; with a checkpoint file, resumes from it when it
     * exists and saves to it every {@code checkpointEvery} steps.
     */
    public TrainResult train(Workload work, long seed, Path checkpoint) {
        long started = System.nanoTime();
        Module model = work.model();
        AdamW optimizer = new AdamW(model.parameters(), AdamWConfig.defaults().withWeightDecay(config.weightDecay()), pool);
        LrSchedule schedule = schedule();
        LossCurve curve = new LossCurve();
        int start = 0;
        if (checkpoint != null && Files.exists(checkpoint)) {
            Checkpoint.State state = Checkpoint.load(checkpoint, model, optimizer);
            start = state.step();
            curve = state.curve();
        }
        long dataSeed = Seeds.derive(seed, Seeds.DATA);
        long dropoutSeed = Seeds.derive(seed, Seeds.DROPOUT);
        for (int step = start; step < config.steps(); step++) {
            double lr = schedule.at(step);
            double loss = step(work, dataSeed, dropoutSeed, step);
            double norm = Double.isFinite(loss) ? GradClip.clipGlobalNorm(model.parameters(), config.clipNorm()) : Double.NaN;
            if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                curve.add(new LossCurve.Point(step + 1, loss, lr, Double.NaN));
                return new TrainResult(true, step + 1, curve, seconds(started), start);
            }
            optimizer.step(lr);
            double evalLoss = Double.NaN;
            if (config.evalEvery() > 0 && ((step + 1) % config.evalEvery() == 0 || step + 1 == config.steps())) {
                evalLoss = work.validationLoss(config.trainLength(), seed, pool);
            }
            curve.add(new LossCurve.Point(step + 1, loss, lr, evalLoss));
            listener.onStep(step + 1, config.steps(), loss, lr);
            if (checkpoint != null && config.checkpointEvery() > 0 && (step + 1) % config.checkpointEvery() == 0
                    && step + 1 < config.steps()) {
                Checkpoint.save(checkpoint, model, optimizer, new Checkpoint.State(step + 1, step + 1, curve));
            }
        }
        return new TrainResult(false, config.steps(), curve, seconds(started), start);
    }

    /** One optimizer step's gradients (accumulated over micro-batches); returns the mean micro-batch loss. */
    private double step(Workload work, long dataSeed, long dropoutSeed, int step) {
        work.model().zeroGrad();
        double sum = 0;
        int micro = config.accumulation();
        for (int m = 0; m < micro; m++) {
            long index = (long) step * micro + m;
            Tape tape = Tape.recording(pool).seeded(Seeds.derive(dropoutSeed, "step", index));
            Tensor loss = work.trainLoss(tape, config, new Rng(Seeds.derive(dataSeed, "batch", index)));
            float value = loss.data()[0];
            if (!Float.isFinite(value)) {
                return Double.NaN;
            }
            tape.backward(loss, new float[] {1f / micro});
            sum += value;
        }
        return sum / micro;
    }
    private LrSchedule schedule() {
        int total = Math.max(1, config.steps());
        int warmup = Math.min(config.warmupSteps(), total - 1);
        if (warmup < 1) {
            return new LrSchedule.Constant(config.lr());
        }
        return new LrSchedule.WarmupCosine(config.lr(), warmup, total, config.lr() * config.minLrRatio());
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
