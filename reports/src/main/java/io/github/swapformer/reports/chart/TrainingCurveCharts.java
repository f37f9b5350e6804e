package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.stats.SeedSummary;
import io.github.swapformer.reports.table.StudyResults;
import io.github.swapformer.reports.table.SummaryRow;
import io.github.swapformer.reports.table.TrainingCurve;
import io.github.swapformer.reports.table.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;

/**
 * Training loss against step, per task: the mean across seeds of each variant with its 95% band, at the
 * steps every seed of that variant logged.
 */
final class TrainingCurveCharts {
    private static final int MAX_POINTS = 300;

    private TrainingCurveCharts() {
    }

    static List<RenderedChart> render(StudyResults results, Palette palette, ChartWriter writer) {
        List<RenderedChart> charts = new ArrayList<>();
        if (results.curves().isEmpty()) {
            return charts;
        }
        for (String task : results.summary().tasks()) {
            Map<String, List<TrainingCurve>> byVariant = curvesByVariant(results, task);
            if (byVariant.isEmpty()) {
                continue;
            }
            XYChart chart = XyCharts.create("Training loss on " + task, "training step",
                    "training loss (nats per token)");
            Map<String, double[][]> lines = new LinkedHashMap<>();
            boolean anyBand = false;
            for (Map.Entry<String, List<TrainingCurve>> e : byVariant.entrySet()) {
                double[][] line = meanCurve(e.getValue());
                if (line[0].length > 0) {
                    lines.put(e.getKey(), line);
                    anyBand |= e.getValue().size() > 1;
                }
            }
            lines.forEach((label, l) -> XyCharts.band(chart, label + " 95% CI", l[0], l[2], l[3],
                    palette.translucent(label, 60)));
            lines.forEach((label, l) -> XyCharts.line(chart, label, l[0], l[1], palette.color(label)));
            if (lines.isEmpty()) {
                continue;
            }
            charts.add(writer.write(chart, RenderedChart.Section.TRAINING, "training-" + ChartWriter.slug(task),
                    "Mean training loss across seeds of each variant on " + task + ". " + (anyBand
                            ? "Shaded: 95% confidence interval of the mean across seeds."
                            : "One seed per variant: no band.")));
        }
        return charts;
    }

    private static Map<String, List<TrainingCurve>> curvesByVariant(StudyResults results, String task) {
        Map<String, List<TrainingCurve>> byVariant = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SummaryRow row : results.summary().rows()) {
            TrainingCurve curve = results.curves().get(row.cellId());
            if (row.task().equals(task) && curve != null && seen.add(row.cellId())) {
                Variant v = results.summary().variantOf(row);
                byVariant.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(curve);
            }
        }
        return byVariant;
    }

    /** steps, mean, CI low, CI high at the steps common to all curves (finite losses only). */
    private static double[][] meanCurve(List<TrainingCurve> curves) {
        Set<Integer> common = null;
        for (TrainingCurve c : curves) {
            Set<Integer> steps = new TreeSet<>();
            for (int i = 0; i < c.steps().length; i++) {
                if (Double.isFinite(c.trainLoss()[i])) {
                    steps.add(c.steps()[i]);
                }
            }
            if (common == null) {
                common = steps;
            } else {
                common.retainAll(steps);
            }
        }
        int[] steps = common.stream().mapToInt(Integer::intValue).toArray();
        int[] kept = XyCharts.thin(steps.length, MAX_POINTS);
        double[][] out = new double[4][kept.length];
        for (int k = 0; k < kept.length; k++) {
            int step = steps[kept[k]];
            double[] values = curves.stream().mapToDouble(c -> c.trainLoss()[Arrays.binarySearch(c.steps(), step)])
                    .toArray();
            SeedSummary s = SeedSummary.of(values);
            out[0][k] = step;
            out[1][k] = s.mean();
            out[2][k] = s.ciLow();
            out[3][k] = s.ciHigh();
        }
        return out;
    }
}
