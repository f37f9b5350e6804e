package io.github.swapformer.experiments.train;

/**
 * The hyperparameters of one training run: AdamW with linear warmup and cosine decay to
 * {@code minLrRatio · lr}, global-norm clipping, gradient accumulation, and how often to evaluate
 * and checkpoint (0: never). Problem sizes of the train split are drawn uniformly from
 * {@code [minLength, trainLength]}.
 */
public record TrainConfig(int steps, int batchSize, int accumulation, double lr, int warmupSteps, double minLrRatio,
                          double weightDecay, double clipNorm, int evalEvery, int checkpointEvery, int minLength,
                          int trainLength) {
    public TrainConfig {
        nonNegative("steps", steps);
        positive("batch_size", batchSize);
        positive("accumulation", accumulation);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr " + lr + " must be a finite number > 0");
        }
        nonNegative("warmup_steps", warmupSteps);
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
            throw new IllegalArgumentException("min_lr_ratio " + minLrRatio + " must be in [0, 1]");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight_decay " + weightDecay + " must be finite and >= 0");
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip_norm " + clipNorm + " must be a finite number > 0");
        }
        nonNegative("eval_every", evalEvery);
        nonNegative("checkpoint_every", checkpointEvery);
        positive("min_length", minLength);
        if (trainLength < minLength) {
            throw new IllegalArgumentException("train_length " + trainLength + " must be at least min_length " + minLength);
        }
    }

    /** A small default: 1000 steps of 32, lr 3e-3 with 100 warmup steps, decay to 10 %, clip 1. */
    public static TrainConfig defaults(int trainLength) {
        return new TrainConfig(1000, 32, 1, 3e-3, 100, 0.1, 0.0, 1.0, 0, 0, 1, trainLength);
    }

    public TrainConfig withSteps(int s) {
        return new TrainConfig(s, batchSize, accumulation, lr, Math.min(warmupSteps, s), minLrRatio, weightDecay, clipNorm,
                evalEvery, checkpointEvery, minLength, trainLength);
    }

    public TrainConfig withEvery(int eval, int checkpoint) {
        return new TrainConfig(steps, batchSize, accumulation, lr, warmupSteps, minLrRatio, weightDecay, clipNorm,
                eval, checkpoint, minLength, trainLength);
    }

    /** The same run on problem sizes [min, train]. */
    public TrainConfig withLengths(int min, int train) {
        return new TrainConfig(steps, batchSize, accumulation, lr, warmupSteps, minLrRatio, weightDecay, clipNorm,
                evalEvery, checkpointEvery, min, train);
    }

    public TrainConfig withBatch(int size, int accumulate) {
        return new TrainConfig(steps, size, accumulate, lr, warmupSteps, minLrRatio, weightDecay, clipNorm,
                evalEvery, checkpointEvery, minLength, trainLength);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " " + v + " must be at least 1");
        }
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " " + v + " must be >= 0");
        }
    }
}
