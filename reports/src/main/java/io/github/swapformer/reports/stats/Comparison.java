package io.github.swapformer.reports.stats;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * One variant's per-seed scores against a reference variant's on one task: Welch's two-sided t-test,
 * the two-sided Mann-Whitney U test (Commons Math's normal approximation, without tie or continuity
 * correction: with 3 seeds against 3 its smallest p is about 0.05), both raw and Holm-adjusted within
 * their family, and the effect sizes of {@link EffectSizes}. A test that cannot run (fewer than 2 seeds
 * on a side, or no spread at all with different means) has p = NaN.
 */
public record Comparison(String task, String variant, String reference, SeedSummary variantScore,
                         SeedSummary referenceScore, double welchP, double mannWhitneyP, double welchPHolm,
                         double mannWhitneyPHolm, double cohenD, double hedgesG, double rankBiserial) {

    public static Comparison of(String task, String variant, double[] a, String reference, double[] b) {
        return new Comparison(task, variant, reference, SeedSummary.of(a), SeedSummary.of(b), welch(a, b),
                mannWhitney(a, b), Double.NaN, Double.NaN, EffectSizes.cohenD(a, b), EffectSizes.hedgesG(a, b),
                EffectSizes.rankBiserial(a, b));
    }

    public Comparison withHolm(double welchAdjusted, double mannWhitneyAdjusted) {
        return new Comparison(task, variant, reference, variantScore, referenceScore, welchP, mannWhitneyP,
                welchAdjusted, mannWhitneyAdjusted, cohenD, hedgesG, rankBiserial);
    }

    /** Seeds on the smaller side: what the tests rest on. */
    public int seeds() {
        return Math.min(variantScore.n(), referenceScore.n());
    }

    static double welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        if (StatUtils.variance(a) == 0 && StatUtils.variance(b) == 0) {
            return StatUtils.mean(a) == StatUtils.mean(b) ? 1.0 : Double.NaN;
        }
        return new TTest().tTest(a, b);
    }

    static double mannWhitney(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(a, b);
    }
}
