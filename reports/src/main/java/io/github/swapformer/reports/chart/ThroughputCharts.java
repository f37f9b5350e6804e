package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.table.JmhResult;
import io.github.swapformer.reports.table.ThroughputRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;

/**
 * Speed: tokens per second against sequence length per encoding (log-log, so that a slope of -1 reads
 * as quadratic cost per token), bars per FFN kind and norm placement, and JMH scores with JMH's own
 * 99.9% error bars.
 */
final class ThroughputCharts {
    private ThroughputCharts() {
    }

    static List<RenderedChart> render(List<ThroughputRow> rows, List<JmhResult> jmh, Palette palette,
                                      ChartWriter writer) {
        List<RenderedChart> charts = new ArrayList<>();
        for (ThroughputRow.Mode mode : ThroughputRow.Mode.values()) {
            List<ThroughputRow> modeRows = rows.stream().filter(r -> r.mode() == mode).toList();
            if (!modeRows.isEmpty()) {
                charts.add(lines(modeRows, mode, palette, writer));
                charts.add(bars(modeRows, mode, writer));
                if (modeRows.stream().anyMatch(r -> r.peakBytesPerToken() > 0)) {
                    charts.add(memory(modeRows, mode, palette, writer));
                }
            }
        }
        Map<String, List<JmhResult>> byBenchmark = jmh.stream().collect(Collectors.groupingBy(
                r -> r.benchmark() + " " + r.unit(), TreeMap::new, Collectors.toList()));
        byBenchmark.values().forEach(results -> charts.add(jmhChart(results, writer)));
        return charts;
    }

    private static RenderedChart lines(List<ThroughputRow> rows, ThroughputRow.Mode mode, Palette palette,
                                       ChartWriter writer) {
        // Lines compare encodings at one FFN and norm placement (the first measured); the bars compare those.
        String ffn = rows.get(0).ffn();
        String norm = rows.get(0).normPlacement();
        boolean single = rows.stream().allMatch(r -> r.ffn().equals(ffn) && r.normPlacement().equals(norm));
        List<ThroughputRow> shown = rows.stream().filter(r -> r.ffn().equals(ffn) && r.normPlacement().equals(norm))
                .toList();
        XYChart chart = XyCharts.create("Throughput against length, " + mode.text().replace('_', '+'),
                "sequence length (tokens, log scale)", "throughput (tokens per second, log scale)");
        Map<String, Map<Integer, List<Double>>> series = new LinkedHashMap<>();
        shown.forEach(r -> series.computeIfAbsent(r.positional(), k -> new TreeMap<>())
                .computeIfAbsent(r.seqLen(), k -> new ArrayList<>()).add(r.tokensPerSecond()));
        series.forEach((label, points) -> XyCharts.line(chart, label,
                points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                points.values().stream().mapToDouble(v -> v.stream().mapToDouble(d -> d).average().orElseThrow())
                        .toArray(), palette.color(label)));
        logAxes(chart, shown);
        return writer.write(chart, RenderedChart.Section.THROUGHPUT, "throughput-" + ChartWriter.slug(mode.text()),
                "Tokens per second (" + mode.text() + ") against sequence length, both axes logarithmic, one line "
                        + "per positional encoding" + (single ? "." : " (FFN " + ffn + ", norm " + norm
                        + "; the bars below compare FFN kinds and norm placements)."));
    }

    private static RenderedChart memory(List<ThroughputRow> rows, ThroughputRow.Mode mode, Palette palette,
                                        ChartWriter writer) {
        String ffn = rows.get(0).ffn();
        String norm = rows.get(0).normPlacement();
        List<ThroughputRow> shown = rows.stream().filter(r -> r.ffn().equals(ffn) && r.normPlacement().equals(norm)
                && r.peakBytesPerToken() > 0).toList();
        XYChart chart = XyCharts.create("Peak memory per token, " + mode.text().replace('_', '+'),
                "sequence length (tokens, log scale)", "peak memory (bytes per token, log scale)");
        Map<String, Map<Integer, List<Double>>> series = new LinkedHashMap<>();
        shown.forEach(r -> series.computeIfAbsent(r.positional(), k -> new TreeMap<>())
                .computeIfAbsent(r.seqLen(), k -> new ArrayList<>()).add(r.peakBytesPerToken()));
        series.forEach((label, points) -> XyCharts.line(chart, label,
                points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                points.values().stream().mapToDouble(v -> v.stream().mapToDouble(d -> d).average().orElseThrow())
                        .toArray(), palette.color(label)));
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        double min = shown.stream().mapToDouble(ThroughputRow::peakBytesPerToken).min().orElse(1);
        double max = shown.stream().mapToDouble(ThroughputRow::peakBytesPerToken).max().orElse(10);
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        chart.getStyler().setYAxisMin(low).setYAxisMax(high == low ? high * 10 : high);
        chart.getStyler().setYAxisDecimalPattern("#,##0").setXAxisDecimalPattern("#,##0");
        return writer.write(chart, RenderedChart.Section.THROUGHPUT, "memory-" + ChartWriter.slug(mode.text()),
                "Peak memory per token (" + mode.text() + ") against sequence length, both axes logarithmic, one "
                        + "line per positional encoding (FFN " + ffn + ", norm " + norm + "); a flat line means "
                        + "memory linear in length.");
    }

    /**
     * XChart labels only powers of ten on a log axis, so the y range is widened to whole decades. (Its tick
     * formatting callbacks would switch the axis back to linear ticks, so a decimal pattern is used.)
     */
    private static void logAxes(XYChart chart, List<ThroughputRow> rows) {
        double min = rows.stream().mapToDouble(ThroughputRow::tokensPerSecond).min().orElse(1);
        double max = rows.stream().mapToDouble(ThroughputRow::tokensPerSecond).max().orElse(10);
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(low).setYAxisMax(high == low ? high * 10 : high);
        chart.getStyler().setYAxisDecimalPattern("#,##0").setXAxisDecimalPattern("#,##0");
    }

    private static RenderedChart bars(List<ThroughputRow> rows, ThroughputRow.Mode mode, ChartWriter writer) {
        int longest = rows.stream().mapToInt(ThroughputRow::seqLen).max().orElseThrow();
        List<ThroughputRow> at = rows.stream().filter(r -> r.seqLen() == longest).toList();
        List<String> ffns = at.stream().map(ThroughputRow::ffn).distinct().toList();
        List<String> norms = at.stream().map(ThroughputRow::normPlacement).distinct().toList();
        CategoryChart chart = new CategoryChartBuilder().width(XyCharts.WIDTH).height(XyCharts.HEIGHT)
                .title("Throughput by FFN and norm placement, " + mode.text().replace('_', '+') + ", length " + longest)
                .xAxisTitle("feed-forward kind").yAxisTitle("throughput (tokens per second)").build();
        ChartWriter.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0");
        Palette categories = Palette.secondary();
        for (String norm : norms) {
            List<Double> means = new ArrayList<>();
            for (String ffn : ffns) {
                means.add(at.stream().filter(r -> r.ffn().equals(ffn) && r.normPlacement().equals(norm))
                        .mapToDouble(ThroughputRow::tokensPerSecond).average().orElse(0));
            }
            CategorySeries s = chart.addSeries("norm " + norm, ffns, means);
            s.setFillColor(norms.size() == 1 ? new java.awt.Color(0x4E79A7) : categories.color("norm " + norm));
        }
        return writer.write(chart, RenderedChart.Section.THROUGHPUT,
                "throughput-bars-" + ChartWriter.slug(mode.text()),
                "Tokens per second (" + mode.text() + ") at sequence length " + longest
                        + " per FFN kind (groups) and norm placement (colors), averaged over positional encodings.");
    }

    private static RenderedChart jmhChart(List<JmhResult> results, ChartWriter writer) {
        JmhResult first = results.get(0);
        String method = first.benchmark().substring(first.benchmark().lastIndexOf('.', first.benchmark()
                .lastIndexOf('.') - 1) + 1);
        List<String> labels = new ArrayList<>();
        for (JmhResult r : results) {
            String label = r.params().isEmpty() ? method : r.params().values().stream()
                    .collect(Collectors.joining(", "));
            labels.add(labels.contains(label) ? label + " #" + labels.size() : label);
        }
        CategoryChart chart = new CategoryChartBuilder().width(XyCharts.WIDTH).height(XyCharts.HEIGHT + 80)
                .title("JMH " + method).xAxisTitle(first.params().isEmpty() ? "benchmark"
                        : "parameters (" + String.join(", ", first.params().keySet()) + ")")
                .yAxisTitle("score (" + first.unit() + ")").build();
        ChartWriter.style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(labels.size() > 4 ? 45 : 0);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0).setErrorBarsColor(new java.awt.Color(0x222222));
        List<Double> scores = results.stream().map(JmhResult::score).toList();
        List<Double> errors = results.stream().map(r -> Double.isNaN(r.scoreError()) ? 0.0 : r.scoreError()).toList();
        chart.addSeries(method, labels, scores, errors).setFillColor(new java.awt.Color(0x4E79A7));
        return writer.write(chart, RenderedChart.Section.THROUGHPUT, "jmh-" + ChartWriter.slug(method + " " + first.unit()),
                "JMH " + first.benchmark() + ": primary score in " + first.unit()
                        + "; error bars: JMH's 99.9% confidence half-width (absent when JMH ran too few iterations).");
    }
}
