package io.github.swapformer.experiments.study;

import java.util.List;

/**
 * Where and how much to evaluate: problem sizes as multiples of each task's train length
 * (rounded to the nearest integer; 1, 1.5, 2, 3, 4 by default), test examples per size, and
 * examples per forward pass.
 */
public record EvalSpec(List<Double> multipliers, int examples, int batchSize) {
    public EvalSpec {
        if (multipliers == null || multipliers.isEmpty()) {
            throw new SpecException("eval.multipliers must list at least one multiple of the train length");
        }
        for (double m : multipliers) {
            if (!(m > 0) || Double.isInfinite(m)) {
                throw new SpecException("eval.multipliers: " + m + " must be a finite number > 0");
            }
        }
        multipliers = List.copyOf(multipliers);
        if (examples < 1) {
            throw new SpecException("eval.examples " + examples + " must be at least 1");
        }
        if (batchSize < 1) {
            throw new SpecException("eval.batch_size " + batchSize + " must be at least 1");
        }
    }

    /** The distinct evaluation sizes for train length L, in the order of the multipliers. */
    public int[] lengths(int trainLength) {
        return multipliers.stream().mapToInt(m -> (int) Math.max(1, Math.round(m * trainLength))).distinct().toArray();
    }
}
