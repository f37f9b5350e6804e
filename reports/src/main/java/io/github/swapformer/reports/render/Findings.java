package io.github.swapformer.reports.render;

import static io.github.swapformer.reports.render.Quantities.fixed;
import static io.github.swapformer.reports.render.Quantities.meanCi;
import static io.github.swapformer.reports.render.Quantities.pEquals;

import io.github.swapformer.reports.stats.Comparison;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.stats.TaskStatistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The report's "what the data shows" section, written from the statistics: who leads on each task and
 * whether the lead survives Holm-corrected tests, what differs from the baseline, the MRR ranking, and
 * what limits the conclusions (one seed, diverged runs). Significance level {@value #ALPHA}.
 */
final class Findings {
    static final double ALPHA = 0.05;

    private Findings() {
    }

    static List<String> of(StudyStatistics stats) {
        List<String> findings = new ArrayList<>();
        if (!stats.canTest()) {
            findings.add("Every variant has a single seed, so there is no confidence interval, test or effect "
                    + "size: the numbers below are single runs and cannot be told apart from seed-to-seed noise. "
                    + "Run the study with at least 3 seeds to judge differences.");
        }
        for (TaskStatistics task : stats.tasks()) {
            findings.add(lead(stats, task));
        }
        findings.add(versusBaseline(stats));
        if (stats.tasks().size() > 1) {
            findings.add(mrr(stats));
        }
        findings.addAll(diverged(stats));
        findings.removeIf(String::isEmpty);
        return findings;
    }

    private static String range(TaskStatistics task) {
        List<Integer> lengths = task.scoreLengths();
        String span = lengths.size() == 1 ? "length " + lengths.get(0)
                : "lengths " + lengths.get(0) + "–" + lengths.get(lengths.size() - 1);
        return lengths.get(0) > task.trainLength() ? span + ", beyond the training length " + task.trainLength()
                : span + "; no length exceeds the training length " + task.trainLength();
    }

    private static String lead(StudyStatistics stats, TaskStatistics task) {
        String metric = stats.metric().title();
        if (task.ranking().isEmpty() || Double.isNaN(task.score(task.ranking().get(0)).mean())) {
            return "On " + task.task() + ", no variant has a score (every run diverged or was not applicable).";
        }
        String leader = task.ranking().get(0);
        String opening = "On " + task.task() + ", " + leader + " scores highest (mean " + metric + " over "
                + range(task) + ": " + meanCi(task.score(leader));
        Comparison lead = stats.leads().stream().filter(c -> c.task().equals(task.task())).findFirst().orElse(null);
        if (lead == null) {
            return opening + "); it is the only variant.";
        }
        String versus = opening + " vs " + meanCi(lead.referenceScore()) + " for " + lead.reference();
        if (Double.isNaN(lead.welchPHolm())) {
            return versus + "), but the lead cannot be tested ("
                    + (lead.seeds() < 2 ? "fewer than 2 seeds on a side" : "no spread across seeds") + ").";
        }
        String evidence = "Welch " + pEquals(lead.welchPHolm()) + " after Holm, Hedges' g = "
                + fixed(lead.hedgesG(), 1) + ", " + Quantities.seeds(lead.seeds());
        if (lead.welchPHolm() < ALPHA) {
            String rank = lead.mannWhitneyPHolm() < ALPHA
                    ? " The Mann-Whitney test agrees (" + pEquals(lead.mannWhitneyPHolm()) + " after Holm)."
                    : " The Mann-Whitney test does not confirm it (" + pEquals(lead.mannWhitneyPHolm())
                    + " after Holm); with " + lead.variantScore().n() + " against " + lead.referenceScore().n()
                    + " seeds its smallest possible p is " + Quantities.p(smallestRankP(lead)) + " before correction.";
            return versus + "); the lead is significant (" + evidence + ")." + rank;
        }
        return versus + "), but the lead is within noise (" + evidence + ", Mann-Whitney "
                + pEquals(lead.mannWhitneyPHolm()) + ").";
    }

    /** Two-sided normal-approximation p of the most extreme U (0), as Commons Math computes it. */
    private static double smallestRankP(Comparison c) {
        double n1 = c.variantScore().n();
        double n2 = c.referenceScore().n();
        double z = (0 - n1 * n2 / 2) / Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return 2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(z);
    }

    private static String versusBaseline(StudyStatistics stats) {
        List<Comparison> tested = stats.baselineComparisons().stream()
                .filter(c -> !Double.isNaN(c.welchPHolm())).toList();
        if (stats.baselineComparisons().isEmpty()) {
            return "";
        }
        if (tested.isEmpty()) {
            return "Against the baseline " + stats.baseline() + ", no comparison can be tested.";
        }
        List<String> better = new ArrayList<>();
        List<String> worse = new ArrayList<>();
        for (Comparison c : tested) {
            if (c.welchPHolm() < ALPHA) {
                String item = c.variant() + " on " + c.task() + " (" + fixed(c.variantScore().mean()
                        - c.referenceScore().mean(), 2) + ", " + pEquals(c.welchPHolm()) + ", g = "
                        + fixed(c.hedgesG(), 1) + ")";
                (c.variantScore().mean() > c.referenceScore().mean() ? better : worse).add(item);
            }
        }
        StringBuilder text = new StringBuilder("Against the baseline " + stats.baseline() + ", "
                + (better.size() + worse.size()) + " of " + tested.size()
                + (tested.size() == 1 ? " comparison is" : " comparisons are")
                + " significant after Holm correction (Welch, α = 0.05)");
        if (!better.isEmpty()) {
            text.append("; better: ").append(String.join(", ", better));
        }
        if (!worse.isEmpty()) {
            text.append("; worse: ").append(String.join(", ", worse));
        }
        int significant = better.size() + worse.size();
        text.append(significant == 0 ? ": every difference is within noise."
                : significant < tested.size() ? "; the rest are within noise." : ".");
        return text.toString();
    }

    private static String mrr(StudyStatistics stats) {
        List<Map.Entry<String, Double>> order = new ArrayList<>(stats.meanReciprocalRank().entrySet());
        order.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()));
        List<String> parts = order.stream().map(e -> e.getKey() + " " + fixed(e.getValue(), 2)).toList();
        return "Mean reciprocal rank across the " + stats.tasks().size() + " tasks (1 = best on every task): "
                + String.join(", ", parts) + ". Ranks use mean scores only and ignore the uncertainty above.";
    }

    private static List<String> diverged(StudyStatistics stats) {
        List<String> out = new ArrayList<>();
        for (TaskStatistics task : stats.tasks()) {
            task.divergedSeeds().forEach((variant, count) -> {
                if (count > 0) {
                    int total = count + task.seedScores().get(variant).length;
                    out.add(variant + " diverged in " + count + " of " + total + " seeds on " + task.task()
                            + "; diverged runs are left out of its scores, so its numbers rest on fewer seeds.");
                }
            });
        }
        return out;
    }
}
