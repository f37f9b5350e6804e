package io.github.swapformer.experiments.cli;

/** Wall-clock times of repeated runs: their mean and sample standard deviation, in seconds. */
final class Timings {
    private final double[] seconds;
    private int count;

    Timings(int runs) {
        seconds = new double[runs];
    }

    void add(long nanos) {
        seconds[count++] = nanos * 1e-9;
    }

    double mean() {
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += seconds[i];
        }
        return s / count;
    }

    /** The sample standard deviation (0 for one run). */
    double stddev() {
        if (count < 2) {
            return 0;
        }
        double m = mean();
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += (seconds[i] - m) * (seconds[i] - m);
        }
        return Math.sqrt(s / (count - 1));
    }
}
