package io.github.swapformer.reports.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts with optional confidence bands, in the report's style. */
final class XyCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    private XyCharts() {
    }

    static XYChart create(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        ChartWriter.style(chart.getStyler());
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    /** A solid line with round markers (markers omitted for long series). */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        series.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
        return series;
    }

    /**
     * A shaded band between {@code low} and {@code high} (NaN points skipped), drawn as a closed polygon and
     * kept out of the legend. Add bands before lines so that lines stay on top.
     */
    static void band(XYChart chart, String name, double[] x, double[] low, double[] high, Color fill) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(low[i]) && !Double.isNaN(high[i])) {
                kept.add(i);
            }
        }
        if (kept.size() < 2) {
            return;
        }
        for (int i : kept) {
            xs.add(x[i]);
            ys.add(high[i]);
        }
        for (int k = kept.size() - 1; k >= 0; k--) {
            xs.add(x[kept.get(k)]);
            ys.add(low[kept.get(k)]);
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        series.setFillColor(fill);
        series.setLineColor(new Color(0, 0, 0, 0));
        series.setMarker(SeriesMarkers.NONE);
        series.setShowInLegend(false);
    }

    /** Every k-th index so that at most {@code max} points remain (always keeping the last). */
    static int[] thin(int n, int max) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int stride = (n + max - 1) / max;
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i += stride) {
            kept.add(i);
        }
        if (kept.get(kept.size() - 1) != n - 1) {
            kept.add(n - 1);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
