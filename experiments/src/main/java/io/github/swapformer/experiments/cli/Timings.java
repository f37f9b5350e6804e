package io.github.swapformer.experiments.cli;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock times of repeated runs: their mean and sample standard deviation, in seconds; and
 * the CPU time the whole process spent meanwhile, which on a machine shared with other work says
 * what the runs cost better than the wall clock does.
 */
final class Timings {
    private final double[] seconds;
    private int count;
    private double cpuSeconds;
    private boolean cpuKnown = true;

    Timings(int runs) {
        seconds = new double[runs];
    }

    void add(long nanos) {
        seconds[count++] = nanos * 1e-9;
    }

    /** Adds the CPU time of one run, from two readings of {@link #processCpuNanos()}. */
    void addCpu(long before, long after) {
        cpuKnown &= before >= 0 && after >= 0;
        cpuSeconds += (after - before) * 1e-9;
    }

    /** CPU seconds of the process per run (all threads: kernels, GC, JIT); NaN where the JVM cannot tell. */
    double cpuMean() {
        return cpuKnown ? cpuSeconds / count : Double.NaN;
    }

    /** The CPU time of this process so far in nanoseconds, or a negative number where unsupported. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The wall-clock seconds of run {@code i}. */
    double seconds(int i) {
        return seconds[i];
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
