package io.github.swapformer.experiments.train;

/**
 * How a run ended: {@code diverged} when a loss or gradient norm became NaN or infinite (training
 * stopped at {@code steps}), the loss curve, the number of steps done and the seconds spent
 * (in this process: a resumed run counts only its own part).
 */
public record TrainResult(boolean diverged, int steps, LossCurve curve, double seconds, int resumedFrom) {
}
