package io.github.swapformer.experiments.throughput;

/**
 * One finished measurement. Tokens per second are per repetition; their mean and sample standard
 * deviation are across repetitions.
 *
 * @param allocatedBytesPerToken heap bytes allocated per timed token, averaged over the timed passes
 *                               (NaN when the JVM has no allocation counters); see {@link AllocationMeter}
 */
public record Result(Measurement measurement, double tokensPerSecond, double tokensPerSecondSd,
                     double tokensPerSecondMin, double tokensPerSecondMax, int repetitions, int passesPerRepetition,
                     double allocatedBytesPerToken) {
    public Result {
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokens per second " + tokensPerSecond + " of " + measurement.label()
                    + " must be positive and finite");
        }
    }

    /** The relative spread (sd / mean), for progress lines. */
    public double relativeSd() {
        return tokensPerSecondSd / tokensPerSecond;
    }
}
