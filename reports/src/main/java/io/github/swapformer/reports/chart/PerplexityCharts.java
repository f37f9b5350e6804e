package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.stats.SeedSummary;
import io.github.swapformer.reports.table.SummaryRow;
import io.github.swapformer.reports.table.SummaryTable;
import io.github.swapformer.reports.table.Variant;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;

/**
 * Perplexity against evaluation length, one line per variant with its 95% band; the axis turns
 * logarithmic when values span two decades or more, as they do once a model fails past its training
 * length. Drawn for tasks whose summary reports perplexity.
 */
final class PerplexityCharts {
    private PerplexityCharts() {
    }

    static List<RenderedChart> render(SummaryTable summary, Palette palette, ChartWriter writer) {
        List<RenderedChart> charts = new ArrayList<>();
        for (String task : summary.tasks()) {
            List<SummaryRow> rows = summary.rows().stream().filter(r -> r.task().equals(task))
                    .filter(r -> r.ok() && Double.isFinite(r.perplexity()) && r.perplexity() > 0).toList();
            if (rows.isEmpty()) {
                continue;
            }
            List<Integer> lengths = summary.evalLengths(task);
            double[] x = lengths.stream().mapToDouble(Integer::doubleValue).toArray();
            double min = rows.stream().mapToDouble(SummaryRow::perplexity).min().orElseThrow();
            double max = rows.stream().mapToDouble(SummaryRow::perplexity).max().orElseThrow();
            // Below two decades a linear axis reads better (XChart labels only powers of ten on a log axis).
            boolean log = max / min >= 100;
            XYChart chart = XyCharts.create("Perplexity against length on " + task, "evaluation length (problem size)",
                    log ? "perplexity (log scale)" : "perplexity");
            List<double[][]> lines = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Variant v : summary.variants()) {
                double[][] line = new double[3][lengths.size()];
                boolean any = false;
                for (int i = 0; i < lengths.size(); i++) {
                    int length = lengths.get(i);
                    SeedSummary s = SeedSummary.of(rows.stream().filter(r -> r.evalLength() == length)
                            .filter(r -> summary.variantOf(r).label().equals(v.label()))
                            .mapToDouble(SummaryRow::perplexity).toArray());
                    line[0][i] = s.mean();
                    // A log axis cannot show a band reaching below zero; perplexity is at least 1.
                    line[1][i] = Math.max(1, s.ciLow());
                    line[2][i] = s.ciHigh();
                    any |= s.n() > 0;
                }
                if (any) {
                    lines.add(line);
                    labels.add(v.label());
                }
            }
            for (int k = 0; k < lines.size(); k++) {
                XyCharts.band(chart, labels.get(k) + " 95% CI", x, lines.get(k)[1], lines.get(k)[2],
                        palette.translucent(labels.get(k), 60));
            }
            for (int k = 0; k < lines.size(); k++) {
                XyCharts.line(chart, labels.get(k), x, lines.get(k)[0], palette.color(labels.get(k)));
            }
            if (log) {
                chart.getStyler().setYAxisLogarithmic(true).setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))))
                        .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max)))).setYAxisDecimalPattern("#,##0");
            }
            chart.addAnnotation(new AnnotationLine(summary.trainLength(task), true, false));
            charts.add(writer.write(chart, RenderedChart.Section.LENGTH_GENERALIZATION,
                    "perplexity-" + ChartWriter.slug(task), "Mean perplexity across seeds of each variant at each "
                            + "evaluation length on " + task + " (lower is better); dashed: the training "
                            + "length (" + summary.trainLength(task) + "). Shaded where there are several seeds: "
                            + "95% confidence interval of the mean."));
        }
        return charts;
    }
}
