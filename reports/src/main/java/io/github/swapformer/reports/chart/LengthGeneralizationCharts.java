package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.stats.SeedSummary;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.stats.TaskStatistics;
import io.github.swapformer.reports.table.Axis;
import io.github.swapformer.reports.table.SummaryTable;
import io.github.swapformer.reports.table.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * Accuracy against evaluation length, one line per variant with its 95% band across seeds and a dashed
 * line at the training length (the presentation of Kazemnejad et al. 2023, arXiv:2305.19466, Fig. 2);
 * one chart per task and per combination of the other varying axes (norm, FFN, architecture), so that
 * each chart compares positional encodings. Also the variant × length heatmap of mean accuracy.
 */
final class LengthGeneralizationCharts {
    private LengthGeneralizationCharts() {
    }

    static List<RenderedChart> render(SummaryTable summary, StudyStatistics stats, Palette palette,
                                      ChartWriter writer) {
        List<RenderedChart> charts = new ArrayList<>();
        String metric = stats.metric().title();
        String bandNote = stats.canTest()
                ? "Shaded: 95% confidence interval of the mean across seeds (t distribution), clipped to [0, 1]."
                : "Only one seed per variant, so no confidence band can be drawn: the lines are single runs.";
        for (TaskStatistics task : stats.tasks()) {
            for (Map.Entry<String, List<Variant>> group : groups(summary).entrySet()) {
                String suffix = group.getKey().isEmpty() ? "" : " (" + group.getKey() + ")";
                XYChart chart = XyCharts.create("Length generalization on " + task.task() + suffix,
                        "evaluation length (problem size)", metric + " (fraction)");
                List<Integer> lengths = task.scoreLengths().isEmpty() ? List.of() : lengthsOf(task);
                double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
                List<Variant> drawn = group.getValue().stream()
                        .filter(v -> task.byLength().containsKey(v.label())).toList();
                for (Variant v : drawn) {
                    double[][] stat = columns(task.byLength().get(v.label()), lengths);
                    XyCharts.band(chart, v.label() + " 95% CI", x, stat[1], stat[2], palette.translucent(v.label(), 60));
                }
                for (Variant v : drawn) {
                    double[][] stat = columns(task.byLength().get(v.label()), lengths);
                    XyCharts.line(chart, v.label(), x, stat[0], palette.color(v.label()));
                }
                if (drawn.isEmpty()) {
                    continue;
                }
                chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.0");
                chart.addAnnotation(new AnnotationLine(task.trainLength(), true, false));
                double span = x[x.length - 1] - x[0];
                chart.addAnnotation(new AnnotationText("train length " + task.trainLength(),
                        task.trainLength() + 0.07 * span, 0.04, false));
                String name = "length-" + ChartWriter.slug(task.task() + suffix);
                charts.add(writer.write(chart, RenderedChart.Section.LENGTH_GENERALIZATION, name,
                        "Mean " + metric + " of each variant at each evaluation length on " + task.task() + suffix
                                + "; dashed: the training length (" + task.trainLength() + "). " + bandNote));
            }
            charts.add(heatmap(task, metric, writer));
        }
        return charts;
    }

    private static RenderedChart heatmap(TaskStatistics task, String metric, ChartWriter writer) {
        List<Integer> lengths = lengthsOf(task);
        List<String> variants = new ArrayList<>(task.byLength().keySet());
        double[][] values = new double[variants.size()][lengths.size()];
        for (int r = 0; r < variants.size(); r++) {
            values[r] = columns(task.byLength().get(variants.get(r)), lengths)[0];
        }
        HeatMapChart chart = Heatmaps.of("Mean " + metric + " on " + task.task() + " by length",
                "evaluation length (problem size)", "variant",
                lengths.stream().map(String::valueOf).toList(), variants, values, true);
        chart.getStyler().setMin(0).setMax(1);
        return writer.write(chart, RenderedChart.Section.LENGTH_GENERALIZATION,
                "heatmap-" + ChartWriter.slug(task.task()),
                "Mean " + metric + " across seeds for every variant (rows) and evaluation length (columns) on "
                        + task.task() + "; the training length is " + task.trainLength()
                        + ". Empty cells: not applicable or every seed diverged.");
    }

    private static List<Integer> lengthsOf(TaskStatistics task) {
        return task.byLength().values().stream().findFirst().map(m -> List.copyOf(m.keySet())).orElse(List.of());
    }

    /** mean, clipped CI low, clipped CI high per length. */
    private static double[][] columns(Map<Integer, SeedSummary> perLength, List<Integer> lengths) {
        double[][] out = new double[3][lengths.size()];
        for (int i = 0; i < lengths.size(); i++) {
            SeedSummary s = perLength.getOrDefault(lengths.get(i), SeedSummary.EMPTY);
            out[0][i] = s.mean();
            out[1][i] = Math.max(0, s.ciLow());
            out[2][i] = Math.min(1, s.ciHigh());
        }
        return out;
    }

    /** Variants grouped by their values on the varying axes other than the positional encoding. */
    private static Map<String, List<Variant>> groups(SummaryTable summary) {
        Map<String, List<Variant>> groups = new LinkedHashMap<>();
        boolean positionalVaries = summary.varyingAxes().contains(Axis.POSITIONAL);
        for (Variant v : summary.variants()) {
            List<String> parts = new ArrayList<>();
            if (positionalVaries) {
                for (Axis axis : summary.varyingAxes()) {
                    if (axis != Axis.POSITIONAL) {
                        parts.add(axis.column() + " " + v.value(axis));
                    }
                }
            }
            groups.computeIfAbsent(String.join(", ", parts), k -> new ArrayList<>()).add(v);
        }
        return groups;
    }
}
