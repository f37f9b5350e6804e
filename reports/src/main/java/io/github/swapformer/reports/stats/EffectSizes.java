package io.github.swapformer.reports.stats;

import org.apache.commons.math3.stat.StatUtils;

/**
 * Standardized effect sizes of sample {@code a} over sample {@code b}. Cohen's d uses the pooled
 * standard deviation; Hedges' g multiplies d by the small-sample correction J = 1 − 3 / (4(n₁+n₂) − 9)
 * (Hedges 1981); the rank-biserial correlation r = 2U/(n₁n₂) − 1 is the effect size of the Mann-Whitney
 * test (Kerby 2014), where U counts pairs with a above b, ties counting one half.
 */
public final class EffectSizes {
    private EffectSizes() {
    }

    /** Cohen's d, NaN when it is undefined (fewer than 3 values in all, or no spread at all). */
    public static double cohenD(double[] a, double[] b) {
        int na = a.length;
        int nb = b.length;
        if (na < 1 || nb < 1 || na + nb < 3) {
            return Double.NaN;
        }
        double va = na > 1 ? StatUtils.variance(a) : 0;
        double vb = nb > 1 ? StatUtils.variance(b) : 0;
        double pooled = Math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
        if (pooled == 0) {
            return Double.NaN;
        }
        return (StatUtils.mean(a) - StatUtils.mean(b)) / pooled;
    }

    public static double hedgesG(double[] a, double[] b) {
        double correction = 1 - 3.0 / (4.0 * (a.length + b.length) - 9);
        return cohenD(a, b) * correction;
    }

    /** In [-1, 1]: 1 when every value of a exceeds every value of b. */
    public static double rankBiserial(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        double u = 0;
        for (double x : a) {
            for (double y : b) {
                u += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        return 2 * u / ((double) a.length * b.length) - 1;
    }
}
