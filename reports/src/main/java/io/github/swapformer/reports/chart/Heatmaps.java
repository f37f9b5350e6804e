package io.github.swapformer.reports.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Heatmaps of matrices: a sequential scale (light to dark blue) for values of one sign and a diverging
 * scale (blue, white, red; centred on 0) when the values change sign. Matrices larger than
 * {@link #MAX_SIDE} on a side are block-averaged so that labels stay legible and SVGs stay small.
 */
final class Heatmaps {
    static final int MAX_SIDE = 64;
    private static final Color[] SEQUENTIAL = {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6),
        new Color(0x2171B5), new Color(0x08306B)};
    /** Light enough everywhere for black value labels (YlGnBu's lighter half). */
    private static final Color[] LABELLED = {new Color(0xFFFFE5), new Color(0xD9F0A3), new Color(0x7FCDBB),
        new Color(0x41B6C4)};
    private static final Color[] DIVERGING = {new Color(0x2166AC), new Color(0x92C5DE), new Color(0xF7F7F7),
        new Color(0xF4A582), new Color(0xB2182B)};

    private Heatmaps() {
    }

    /**
     * @param values  values[row][column]; row 0 is drawn at the top
     * @param showValues print each value in its cell (for small tables)
     */
    static HeatMapChart of(String title, String xTitle, String yTitle, List<String> columnLabels,
                           List<String> rowLabels, double[][] values, boolean showValues) {
        int width = Math.max(560, Math.min(1000, 220 + 26 * columnLabels.size()));
        int height = Math.max(360, Math.min(900, 160 + (showValues ? 34 : 12) * rowLabels.size()));
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        ChartWriter.style(chart.getStyler());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> cells = new ArrayList<>();
        int rows = rowLabels.size();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columnLabels.size(); c++) {
                double v = values[r][c];
                if (!Double.isNaN(v)) {
                    // XChart puts y index 0 at the bottom; flip so that row 0 is on top like a matrix.
                    cells.add(new Number[] {c, rows - 1 - r, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        List<String> flippedRows = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(flippedRows);
        chart.addSeries(title, columnLabels, flippedRows, cells);
        boolean diverging = min < 0 && max > 0;
        double bound = Math.max(Math.abs(min), Math.abs(max));
        chart.getStyler().setRangeColors(diverging ? DIVERGING : showValues ? LABELLED : SEQUENTIAL)
                .setMin(diverging ? -bound : min).setMax(diverging ? bound : max == min ? min + 1 : max)
                .setShowValue(showValues).setHeatMapValueDecimalPattern("0.00").setDrawBorder(showValues)
                .setGradientColorColumnWeight(16);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setValueFont(ChartWriter.BASE.deriveFont(12f));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setXAxisLabelRotation(columnLabels.size() > 12 ? 90 : 0);
        return chart;
    }

    /** Averages blocks so that neither side exceeds {@link #MAX_SIDE}; returns the input when small enough. */
    static double[][] shrink(double[][] values) {
        int rows = values.length;
        int cols = values[0].length;
        int rowBlock = (rows + MAX_SIDE - 1) / MAX_SIDE;
        int colBlock = (cols + MAX_SIDE - 1) / MAX_SIDE;
        if (rowBlock == 1 && colBlock == 1) {
            return values;
        }
        double[][] out = new double[(rows + rowBlock - 1) / rowBlock][(cols + colBlock - 1) / colBlock];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out[0].length; c++) {
                double sum = 0;
                int count = 0;
                for (int i = r * rowBlock; i < Math.min(rows, (r + 1) * rowBlock); i++) {
                    for (int j = c * colBlock; j < Math.min(cols, (c + 1) * colBlock); j++) {
                        sum += values[i][j];
                        count++;
                    }
                }
                out[r][c] = sum / count;
            }
        }
        return out;
    }

    /** Labels for a (possibly shrunk) axis: the first original index of each block, blank between ticks. */
    static List<String> indexLabels(int count, int originalCount) {
        int block = (originalCount + count - 1) / count;
        int step = Math.max(1, count / 16);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add(i % step == 0 ? String.valueOf(i * block) : " ");
        }
        return labels;
    }
}
