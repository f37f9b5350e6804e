package io.github.swapformer.core.optim;

/**
 * A learning rate as a function of the step. Steps are 0-based indices of optimizer updates:
 * {@code at(0)} is the rate of the first update. Warmups are linear and reach the peak at the
 * last warmup step: with {@code w} warmup steps, step {@code s < w} gets {@code peak·(s+1)/w}
 * (llm.c's {@code train_gpt2.c} convention), so step {@code w − 1} is the first at the peak and
 * step 0 is never at zero.
 */
public sealed interface LrSchedule {
    /** The learning rate for the update with 0-based index {@code step}. */
    double at(int step);

    /** The same rate at every step. */
    record Constant(double lr) implements LrSchedule {
        public Constant {
            requireRate("lr", lr);
        }

        @Override
        public double at(int step) {
            requireStep(step);
            return lr;
        }
    }

    /**
     * Linear warmup to {@code peak}, then a half cosine from {@code peak} (at step
     * {@code warmupSteps}) down to {@code minLr} (at step {@code totalSteps}), then {@code minLr}
     * (Loshchilov and Hutter 2017, SGDR, arXiv:1608.03983, without restarts).
     */
    record WarmupCosine(double peak, int warmupSteps, int totalSteps, double minLr) implements LrSchedule {
        public WarmupCosine {
            requireWarmup(peak, warmupSteps, totalSteps, minLr, "minLr");
        }

        @Override
        public double at(int step) {
            requireStep(step);
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            if (step >= totalSteps) {
                return minLr;
            }
            double ratio = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
            return minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (peak - minLr);
        }
    }

    /** Linear warmup to {@code peak}, then a straight line down to {@code endLr} at {@code totalSteps}, then {@code endLr}. */
    record WarmupLinear(double peak, int warmupSteps, int totalSteps, double endLr) implements LrSchedule {
        public WarmupLinear {
            requireWarmup(peak, warmupSteps, totalSteps, endLr, "endLr");
        }

        /** Decays to zero, as Hugging Face's {@code get_linear_schedule_with_warmup}. */
        public WarmupLinear(double peak, int warmupSteps, int totalSteps) {
            this(peak, warmupSteps, totalSteps, 0);
        }

        @Override
        public double at(int step) {
            requireStep(step);
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            if (step >= totalSteps) {
                return endLr;
            }
            double ratio = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
            return peak + (endLr - peak) * ratio;
        }
    }

    /**
     * The original Transformer's rate (Vaswani et al. 2017, arXiv:1706.03762, §5.3, equation 3):
     * {@code scale · dModel^−0.5 · min(s^−0.5, s · warmupSteps^−1.5)} with {@code s = step + 1}, so
     * that the peak is at step index {@code warmupSteps − 1}, as for the other schedules. The paper
     * uses {@code scale = 1}.
     */
    record InverseSqrt(int dModel, int warmupSteps, double scale) implements LrSchedule {
        public InverseSqrt {
            if (dModel < 1) {
                throw new IllegalArgumentException("dModel " + dModel + " must be >= 1");
            }
            if (warmupSteps < 1) {
                throw new IllegalArgumentException("warmupSteps " + warmupSteps + " must be >= 1 for InverseSqrt");
            }
            requireRate("scale", scale);
        }

        @Override
        public double at(int step) {
            requireStep(step);
            double s = step + 1.0;
            return scale / Math.sqrt(dModel) * Math.min(1 / Math.sqrt(s), s * Math.pow(warmupSteps, -1.5));
        }
    }

    private static void requireStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step " + step + " must be >= 0 (steps are 0-based)");
        }
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be finite and >= 0");
        }
    }

    private static void requireWarmup(double peak, int warmupSteps, int totalSteps, double end, String endName) {
        requireRate("peak", peak);
        requireRate(endName, end);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps " + warmupSteps + " must be >= 0");
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps " + totalSteps + " must be >= 1");
        }
        if (warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmupSteps " + warmupSteps + " exceeds totalSteps " + totalSteps);
        }
    }
}
