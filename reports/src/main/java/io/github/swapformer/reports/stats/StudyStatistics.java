package io.github.swapformer.reports.stats;

import io.github.swapformer.reports.table.Metric;
import io.github.swapformer.reports.table.SummaryTable;
import io.github.swapformer.reports.table.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * All statistics of a study. Two families of tests, each Holm-corrected across all its comparisons
 * (every task together): every variant against the baseline, and on each task the leader against the
 * runner-up.
 *
 * @param maxSeeds the largest number of seeds any (task, variant) has; below 2 nothing can be tested
 */
public record StudyStatistics(Metric metric, String baseline, List<String> variants, List<TaskStatistics> tasks,
                              List<Comparison> baselineComparisons, List<Comparison> leads,
                              Map<String, Double> meanReciprocalRank, int maxSeeds) {

    /** @param baseline a variant label, or null for the study's first variant */
    public static StudyStatistics compute(SummaryTable summary, Metric metric, String baseline) {
        List<String> variants = summary.variants().stream().map(Variant::label).toList();
        String reference = baseline == null ? variants.get(0) : summary.variant(baseline).label();
        // A task whose rows do not report the metric (exact match of a language model) is left to the
        // perplexity charts rather than scored as zero.
        List<TaskStatistics> tasks = summary.tasks().stream()
                .filter(t -> summary.rows().stream().anyMatch(r -> r.task().equals(t) && r.ok()
                        && !Double.isNaN(r.metric(metric))))
                .map(t -> TaskStatistics.compute(summary, t, metric)).toList();
        List<Comparison> versusBaseline = new ArrayList<>();
        List<Comparison> leads = new ArrayList<>();
        int maxSeeds = 0;
        for (TaskStatistics task : tasks) {
            for (double[] scores : task.seedScores().values()) {
                maxSeeds = Math.max(maxSeeds, scores.length);
            }
            double[] referenceScores = task.seedScores().get(reference);
            if (referenceScores != null) {
                for (String variant : task.seedScores().keySet()) {
                    if (!variant.equals(reference)) {
                        versusBaseline.add(Comparison.of(task.task(), variant, task.seedScores().get(variant),
                                reference, referenceScores));
                    }
                }
            }
            if (task.ranking().size() >= 2) {
                String leader = task.ranking().get(0);
                String runnerUp = task.ranking().get(1);
                leads.add(Comparison.of(task.task(), leader, task.seedScores().get(leader), runnerUp,
                        task.seedScores().get(runnerUp)));
            }
        }
        return new StudyStatistics(metric, reference, variants, tasks, holm(versusBaseline), holm(leads),
                MeanReciprocalRank.compute(variants, tasks), maxSeeds);
    }

    private static List<Comparison> holm(List<Comparison> family) {
        double[] welch = Holm.adjust(family.stream().mapToDouble(Comparison::welchP).toArray());
        double[] mwu = Holm.adjust(family.stream().mapToDouble(Comparison::mannWhitneyP).toArray());
        List<Comparison> adjusted = new ArrayList<>(family.size());
        for (int i = 0; i < family.size(); i++) {
            adjusted.add(family.get(i).withHolm(welch[i], mwu[i]));
        }
        return List.copyOf(adjusted);
    }

    public TaskStatistics task(String name) {
        return tasks.stream().filter(t -> t.task().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("task '" + name + "' is not in this study"));
    }

    public boolean canTest() {
        return maxSeeds >= 2;
    }
}
