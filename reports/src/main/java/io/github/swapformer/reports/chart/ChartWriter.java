package io.github.swapformer.reports.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * Writes charts as PNG (at 2x resolution, for sharp text in the HTML report) and SVG (through
 * VectorGraphics2D, which XChart's {@code VectorGraphicsEncoder} uses), after applying the report's one
 * visual style. Runs headless.
 */
public final class ChartWriter {
    static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private final Path dir;

    public ChartWriter(Path dir) {
        System.setProperty("java.awt.headless", "true");
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create chart directory " + dir, e);
        }
    }

    /** Applies the common style; callers set titles, colors and data first. */
    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartFontColor(new Color(0x222222));
        styler.setChartTitleFont(BASE.deriveFont(Font.BOLD, 15f));
        styler.setLegendFont(BASE.deriveFont(12f));
        styler.setLegendBorderColor(new Color(0xCCCCCC));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleBoxVisible(false);
        styler.setAnnotationLineColor(new Color(0x555555));
        styler.setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        styler.setAnnotationTextFont(BASE.deriveFont(11f));
        styler.setAnnotationTextFontColor(new Color(0x333333));
        if (styler instanceof AxesChartStyler axes) {
            axes.setLocale(Locale.ROOT);
            axes.setPlotBackgroundColor(Color.WHITE);
            axes.setPlotBorderVisible(true);
            axes.setPlotBorderColor(new Color(0x999999));
            axes.setPlotGridLinesColor(new Color(0xE4E4E4));
            axes.setAxisTitleFont(BASE.deriveFont(13f));
            axes.setAxisTickLabelsFont(BASE.deriveFont(11f));
            axes.setAxisTickMarkLength(4);
        }
    }

    public RenderedChart write(Chart<?, ?> chart, RenderedChart.Section section, String name, String caption) {
        Path base = dir.resolve(name);
        try {
            BitmapEncoder.saveBitmapWithDPI(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG, 144);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(),
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + base, e);
        }
        return new RenderedChart(section, name, chart.getTitle(), caption, dir.resolve(name + ".png"),
                dir.resolve(name + ".svg"));
    }

    /** A file-name-safe form of a label: lower case, runs of other characters become one dash. */
    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "x" : slug;
    }
}
