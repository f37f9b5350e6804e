package io.github.swapformer.reports.render;

import io.github.swapformer.reports.chart.RenderedChart;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.stats.TaskStatistics;
import io.github.swapformer.reports.table.Axis;
import io.github.swapformer.reports.table.Status;
import io.github.swapformer.reports.table.StudyResults;
import io.github.swapformer.reports.table.SummaryRow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Lays out a study's report: findings, tables, charts, methods, environment and the verbatim spec. */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static ReportDocument build(StudyResults results, StudyStatistics stats, List<RenderedChart> charts) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph(overview(results, stats)));
        blocks.add(new Block.Heading(2, "What the data shows"));
        blocks.add(new Block.Bullets(Findings.of(stats)));
        blocks.add(new Block.Heading(2, "Best variant per task"));
        blocks.add(new Block.Paragraph("Score: mean " + stats.metric().title() + " over the scored lengths, "
                + (stats.canTest() ? "± the 95% confidence half-width across seeds (t distribution). " : "one seed "
                + "per variant, so no interval. ") + "The lead is tested against the runner-up; p-values are "
                + "Holm-corrected across tasks."));
        blocks.add(StatisticsTables.leaders(stats));
        if (!stats.baselineComparisons().isEmpty()) {
            blocks.add(new Block.Heading(2, "Each variant against the baseline " + stats.baseline()));
            blocks.add(new Block.Paragraph("Two-sided tests on per-seed scores; Holm correction across all "
                    + stats.baselineComparisons().size() + " comparisons of each test. Positive effect sizes "
                    + "mean the variant scores higher than the baseline."));
            blocks.add(StatisticsTables.versusBaseline(stats));
        }
        if (stats.tasks().size() > 1) {
            blocks.add(new Block.Heading(2, "Mean reciprocal rank"));
            blocks.add(new Block.Paragraph("Per task, variants are ranked by mean score (1 = best, ties share the "
                    + "better rank, variants without a score rank last); MRR is the mean of 1/rank over tasks, "
                    + "as Kazemnejad et al. 2023 (arXiv:2305.19466) summarize length generalization."));
            blocks.add(StatisticsTables.meanReciprocalRank(stats));
        }
        blocks.add(new Block.Heading(2, "Results by evaluation length"));
        for (TaskStatistics task : stats.tasks()) {
            blocks.add(new Block.Heading(3, task.task()));
            blocks.add(StatisticsTables.byLength(task));
        }
        RenderedChart.Section current = null;
        for (RenderedChart chart : charts) {
            if (chart.section() != current) {
                current = chart.section();
                blocks.add(new Block.Heading(2, current.title()));
            }
            blocks.add(new Block.Figure(chart));
        }
        blocks.add(new Block.Heading(2, "Methods"));
        blocks.add(new Block.Bullets(methods()));
        blocks.add(new Block.Heading(2, "Environment"));
        if (!results.environment().recorded()) {
            blocks.add(new Block.Paragraph("The study wrote no environment.json; these are the machine that "
                    + "rendered this report, not necessarily the one that ran the study."));
        }
        blocks.add(new Block.Table(List.of("property", "value"), results.environment().entries().entrySet().stream()
                .map(e -> List.of(e.getKey(), e.getValue())).toList(), List.of(false, false)));
        blocks.add(new Block.Heading(2, "Study specification"));
        blocks.add(results.spec() == null ? new Block.Paragraph("No study.yaml was found in " + results.dir() + ".")
                : new Block.Preformatted(results.spec()));
        return new ReportDocument("Study report: " + results.name(), blocks);
    }

    private static String overview(StudyResults results, StudyStatistics stats) {
        List<SummaryRow> rows = results.summary().rows();
        long cells = rows.stream().map(SummaryRow::cellId).distinct().count();
        Map<Status, Long> statuses = rows.stream().collect(Collectors.groupingBy(SummaryRow::status,
                () -> new EnumMap<>(Status.class), Collectors.counting()));
        String evaluations = statuses.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().text().replace('_', ' ')).collect(Collectors.joining(", "));
        List<Axis> varying = results.summary().varyingAxes();
        String axes = varying.isEmpty() ? "no axis varies"
                : (varying.size() == 1 ? "the axis " : "the axes ")
                + varying.stream().map(Axis::column).collect(Collectors.joining(" × "))
                + (varying.size() == 1 ? " varies" : " vary");
        int tasks = results.summary().tasks().size();
        return cells + " cells over " + tasks + (tasks == 1 ? " task (" : " tasks (") + String.join(", ",
                results.summary().tasks()) + "); " + axes + ", giving " + stats.variants().size() + " variants: "
                + String.join(", ", stats.variants()) + ". Seeds per variant: up to " + stats.maxSeeds()
                + ". Baseline: " + stats.baseline() + ". Metric: " + stats.metric().title() + ". Evaluations: "
                + evaluations + ".";
    }

    private static List<String> methods() {
        return List.of(
                "A seed's score is its mean accuracy over the evaluation lengths longer than the training length "
                        + "(all lengths when none is longer), counting only lengths where the cell was applicable; "
                        + "seeds whose training diverged have no score.",
                "Means across seeds carry a 95% confidence interval from the t distribution with n − 1 degrees of "
                        + "freedom; with one seed there is none.",
                "Welch's t-test and the Mann-Whitney U test (Commons Math, normal approximation) are two-sided; "
                        + "p-values are Holm-corrected within each family (variants against the baseline; "
                        + "leaders against runners-up).",
                "Effect sizes: Cohen's d with the pooled standard deviation, Hedges' g = d · (1 − 3/(4(n₁+n₂) − 9)), "
                        + "and the rank-biserial correlation 2U/(n₁n₂) − 1 for the Mann-Whitney test.",
                "Charts: the shaded bands are the 95% confidence intervals of the mean; every variant keeps one "
                        + "color in every chart.");
    }
}
