package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.table.AttentionMap;
import io.github.swapformer.reports.table.Matrix;
import io.github.swapformer.reports.table.MoeUsage;
import io.github.swapformer.reports.table.Pictures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * The positional encodings' own pictures (RoPE's long-term decay, Su et al. 2021, arXiv:2104.09864
 * §3.4.3; ALiBi's per-head linear bias, Press et al. 2022, arXiv:2108.12409 Fig. 3; similarity, bias and
 * sinusoidal matrices), a trained model's attention maps, and Mixture-of-Experts routing fractions.
 */
final class PictureCharts {
    private PictureCharts() {
    }

    static List<RenderedChart> render(Pictures pictures, Palette palette, ChartWriter writer) {
        List<RenderedChart> charts = new ArrayList<>();
        if (!pictures.ropeDecay().isEmpty()) {
            XYChart chart = XyCharts.create("RoPE long-term decay", "relative distance (tokens)",
                    "score (arbitrary units)");
            double[] x = pictures.ropeDecay().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pictures.ropeDecay().stream().mapToDouble(p -> p[1]).toArray();
            XyCharts.line(chart, "rope", x, y, palette.color("rope"));
            charts.add(writer.write(chart, RenderedChart.Section.POSITIONAL, "rope-decay",
                    "RoPE's attention score against relative distance for all-ones queries and keys: the bound "
                            + "decays with distance (Su et al. 2021, section 3.4.3)."));
        }
        if (!pictures.alibiBias().isEmpty()) {
            charts.add(alibi(pictures.alibiBias(), writer));
        }
        for (Matrix m : pictures.matrices()) {
            boolean encoding = m.name().endsWith("-encoding");
            charts.add(matrix(m, encoding ? "dimension" : "key position j", encoding ? "position" : "query position i",
                    RenderedChart.Section.POSITIONAL, "picture-" + ChartWriter.slug(m.name()), writer,
                    encoding ? "The encoding's value for each position (rows) and dimension (columns)."
                            : "The matrix " + m.name() + " for query position i (rows) and key position j (columns)."));
        }
        for (AttentionMap a : pictures.attention()) {
            charts.add(matrix(a.weights(), "key position", "query position", RenderedChart.Section.ATTENTION,
                    "attention-" + ChartWriter.slug(a.cellId()) + "-layer" + a.layer() + "-head" + a.head(), writer,
                    "Attention weights of cell " + a.cellId() + ", layer " + a.layer() + ", head " + a.head()
                            + " on one example: each query row sums to 1."));
        }
        Map<String, List<MoeUsage>> moe = pictures.moeUsage().stream().collect(Collectors.groupingBy(
                MoeUsage::cellId, TreeMap::new, Collectors.toList()));
        moe.forEach((cell, rows) -> charts.add(moeChart(cell, rows, writer)));
        return charts;
    }

    private static RenderedChart alibi(List<double[]> rows, ChartWriter writer) {
        XYChart chart = XyCharts.create("ALiBi bias per head", "distance to the key (tokens)", "added bias (logit)");
        Map<Integer, List<double[]>> byHead = rows.stream().collect(Collectors.groupingBy(r -> (int) r[0],
                TreeMap::new, Collectors.toList()));
        Palette heads = Palette.secondary();
        byHead.forEach((head, points) -> XyCharts.line(chart, "head " + head,
                points.stream().mapToDouble(p -> p[1]).toArray(), points.stream().mapToDouble(p -> p[2]).toArray(),
                heads.color("head " + head)));
        return writer.write(chart, RenderedChart.Section.POSITIONAL, "alibi-bias",
                "ALiBi adds -m_h times the distance to every score; each head has its own slope m_h "
                        + "(Press et al. 2022).");
    }

    private static RenderedChart matrix(Matrix m, String xTitle, String yTitle, RenderedChart.Section section,
                                        String name, ChartWriter writer, String caption) {
        double[][] values = Heatmaps.shrink(m.values());
        boolean shrunk = values != m.values();
        List<String> columns = shrunk || m.columns() > 16 ? Heatmaps.indexLabels(values[0].length, m.columns())
                : m.columnLabels();
        List<String> rows = Heatmaps.indexLabels(values.length, m.rows());
        HeatMapChart chart = Heatmaps.of(m.name(), xTitle, yTitle, columns, rows, values, false);
        return writer.write(chart, section, name, caption + (shrunk ? " Shown block-averaged to at most "
                + Heatmaps.MAX_SIDE + " per side (from " + m.rows() + " × " + m.columns() + ")." : ""));
    }

    private static RenderedChart moeChart(String cell, List<MoeUsage> rows, ChartWriter writer) {
        List<Integer> experts = rows.stream().map(MoeUsage::expert).distinct().sorted().toList();
        CategoryChart chart = new CategoryChartBuilder().width(XyCharts.WIDTH).height(XyCharts.HEIGHT)
                .title("Mixture-of-Experts usage, " + cell).xAxisTitle("expert")
                .yAxisTitle("fraction of routed tokens").build();
        ChartWriter.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("0.00");
        Palette layers = Palette.secondary();
        Map<Integer, List<MoeUsage>> byLayer = rows.stream().collect(Collectors.groupingBy(MoeUsage::layer,
                TreeMap::new, Collectors.toList()));
        byLayer.forEach((layer, layerRows) -> {
            List<Double> fractions = experts.stream().map(e -> layerRows.stream().filter(r -> r.expert() == e)
                    .mapToDouble(MoeUsage::fraction).sum()).toList();
            chart.addSeries("layer " + layer, experts.stream().map(String::valueOf).toList(), fractions)
                    .setFillColor(layers.color("layer " + layer));
        });
        chart.addAnnotation(new AnnotationLine(1.0 / experts.size(), false, false));
        return writer.write(chart, RenderedChart.Section.MIXTURE_OF_EXPERTS, "moe-" + ChartWriter.slug(cell),
                "Fraction of tokens routed to each expert per layer in cell " + cell
                        + "; dashed: uniform use (1/" + experts.size() + ").");
    }
}
