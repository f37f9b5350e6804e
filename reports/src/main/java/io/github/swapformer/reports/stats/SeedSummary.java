package io.github.swapformer.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Mean, sample standard deviation and the 95% confidence interval of the mean across seeds, using the
 * t distribution with n - 1 degrees of freedom: mean ± t(0.975, n-1) · sd / √n. With one seed the
 * spread is unknown, so sd and the interval are NaN (not zero).
 */
public record SeedSummary(int n, double mean, double sd, double ciLow, double ciHigh) {

    public static final SeedSummary EMPTY = new SeedSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static SeedSummary of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(values);
        double mean = stats.getMean();
        if (values.length < 2) {
            return new SeedSummary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = stats.getStandardDeviation();
        double t = new TDistribution(values.length - 1).inverseCumulativeProbability(0.975);
        double half = t * sd / Math.sqrt(values.length);
        return new SeedSummary(values.length, mean, sd, mean - half, mean + half);
    }

    public boolean hasInterval() {
        return !Double.isNaN(ciLow);
    }

    /** Half-width of the 95% interval, NaN with fewer than two seeds. */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }
}
