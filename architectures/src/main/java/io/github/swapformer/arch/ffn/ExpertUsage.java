package io.github.swapformer.arch.ffn;

import java.util.Arrays;

/**
 * How one Mixture-of-Experts layer has been used: tokens routed, how many of the tokens' top-k
 * choices went to each expert (before capacity), and how many of those choices were dropped for
 * lack of capacity. The figures the reports chart per expert and per layer.
 *
 * @param tokens  tokens routed
 * @param topK    choices per token
 * @param chosen  per expert, the choices that picked it
 * @param dropped choices dropped because their expert was full
 */
public record ExpertUsage(long tokens, int topK, long[] chosen, long dropped) {
    public ExpertUsage {
        chosen = chosen.clone();
    }

    /** No tokens yet, for {@code experts} experts. */
    public static ExpertUsage empty(int experts, int topK) {
        return new ExpertUsage(0, topK, new long[experts], 0);
    }

    /** This usage plus one routing plan's. */
    public ExpertUsage plus(RoutingPlan plan) {
        long[] sum = chosen.clone();
        for (int e = 0; e < sum.length; e++) {
            sum[e] += plan.chosen(e);
        }
        return new ExpertUsage(tokens + plan.tokens(), topK, sum, dropped + plan.dropped());
    }

    public int experts() {
        return chosen.length;
    }

    @Override
    public long[] chosen() {
        return chosen.clone();
    }

    /** Per expert, the fraction of all choices that picked it (they sum to 1; 0s before any token). */
    public double[] fractions() {
        double[] f = new double[chosen.length];
        long total = tokens * topK;
        for (int e = 0; e < f.length && total > 0; e++) {
            f[e] = (double) chosen[e] / total;
        }
        return f;
    }

    /** The fraction of choices dropped for lack of capacity (0 before any token). */
    public double droppedFraction() {
        return tokens == 0 ? 0 : (double) dropped / (tokens * topK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpertUsage u && tokens == u.tokens && topK == u.topK && dropped == u.dropped
                && Arrays.equals(chosen, u.chosen);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tokens) * 31 + Arrays.hashCode(chosen);
    }

    @Override
    public String toString() {
        return "ExpertUsage[tokens=" + tokens + ", topK=" + topK + ", chosen=" + Arrays.toString(chosen)
                + ", dropped=" + dropped + "]";
    }
}
