package io.github.swapformer.reports.stats;

import io.github.swapformer.reports.table.Metric;
import io.github.swapformer.reports.table.Status;
import io.github.swapformer.reports.table.SummaryRow;
import io.github.swapformer.reports.table.SummaryTable;
import io.github.swapformer.reports.table.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One task's numbers: per variant and evaluation length the {@link SeedSummary} of the metric, and per
 * variant one generalization score per seed, the mean of the metric over the extrapolation lengths
 * (those longer than the training length; all lengths when none is longer) at which the cell was
 * evaluated. A seed whose cell diverged has no score; so has one with no applicable extrapolation length.
 */
public record TaskStatistics(String task, int trainLength, List<Integer> scoreLengths,
                             Map<String, Map<Integer, SeedSummary>> byLength, Map<String, double[]> seedScores,
                             Map<String, Integer> divergedSeeds, List<String> ranking) {

    public static TaskStatistics compute(SummaryTable summary, String task, Metric metric) {
        int train = summary.trainLength(task);
        List<Integer> lengths = summary.evalLengths(task);
        List<Integer> longer = lengths.stream().filter(l -> l > train).toList();
        List<Integer> scoreLengths = longer.isEmpty() ? lengths : longer;
        Map<String, Map<Integer, SeedSummary>> byLength = new LinkedHashMap<>();
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Integer> diverged = new LinkedHashMap<>();
        for (Variant variant : summary.variants()) {
            List<SummaryRow> rows = summary.rows().stream().filter(r -> r.task().equals(task))
                    .filter(r -> summary.variantOf(r).label().equals(variant.label())).toList();
            if (rows.isEmpty()) {
                continue;
            }
            Map<Integer, SeedSummary> perLength = new TreeMap<>();
            for (int length : lengths) {
                perLength.put(length, SeedSummary.of(rows.stream().filter(r -> r.evalLength() == length)
                        .filter(SummaryRow::ok).mapToDouble(r -> r.metric(metric)).toArray()));
            }
            byLength.put(variant.label(), perLength);
            Map<Long, List<SummaryRow>> bySeed = new LinkedHashMap<>();
            rows.forEach(r -> bySeed.computeIfAbsent(r.seed(), s -> new ArrayList<>()).add(r));
            List<Double> seedScores = new ArrayList<>();
            int divergedCount = 0;
            for (List<SummaryRow> seedRows : bySeed.values()) {
                if (seedRows.stream().anyMatch(r -> r.status() == Status.DIVERGED)) {
                    divergedCount++;
                    continue;
                }
                double[] values = seedRows.stream().filter(SummaryRow::ok)
                        .filter(r -> scoreLengths.contains(r.evalLength())).mapToDouble(r -> r.metric(metric))
                        .toArray();
                if (values.length > 0) {
                    seedScores.add(Arrays.stream(values).average().orElseThrow());
                }
            }
            scores.put(variant.label(), seedScores.stream().mapToDouble(Double::doubleValue).toArray());
            diverged.put(variant.label(), divergedCount);
        }
        return new TaskStatistics(task, train, scoreLengths, byLength, scores, diverged, rank(scores));
    }

    /** Variants ordered by mean score, best first; variants without a score come last, in study order. */
    private static List<String> rank(Map<String, double[]> scores) {
        List<String> order = new ArrayList<>(scores.keySet());
        order.sort(Comparator.comparingDouble((String v) -> {
            double mean = SeedSummary.of(scores.get(v)).mean();
            return Double.isNaN(mean) ? Double.POSITIVE_INFINITY : -mean;
        }));
        return order;
    }

    public SeedSummary score(String variant) {
        double[] values = seedScores.get(variant);
        return values == null ? SeedSummary.EMPTY : SeedSummary.of(values);
    }

    /**
     * Rank of {@code variant} (1 = best). Variants with equal mean share the better rank; variants without
     * a score share the rank after every scored one.
     */
    public int rankOf(String variant) {
        double mean = score(variant).mean();
        if (Double.isNaN(mean)) {
            return (int) ranking.stream().filter(v -> !Double.isNaN(score(v).mean())).count() + 1;
        }
        return 1 + (int) ranking.stream().filter(v -> score(v).mean() > mean).count();
    }
}
