package io.github.swapformer.reports.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

class XyChartsTest {

    @Test
    void noBandWithoutAnInterval() {
        XYChart chart = XyCharts.create("t", "x", "y");
        double[] nan = {Double.NaN, Double.NaN, Double.NaN};
        XyCharts.band(chart, "band", new double[] {1, 2, 3}, nan, nan, java.awt.Color.RED);
        assertTrue(chart.getSeriesMap().isEmpty(), "one seed gives NaN intervals: nothing is shaded");
        XyCharts.band(chart, "band", new double[] {1, 2, 3}, new double[] {0, 0, 0}, new double[] {1, 1, 1},
                java.awt.Color.RED);
        assertEquals(6, chart.getSeriesMap().get("band").getXData().length, "upper edge out, lower edge back");
        assertTrue(!chart.getSeriesMap().get("band").isShowInLegend());
    }

    @Test
    void thinningKeepsTheEnds() {
        assertArrayEquals(new int[] {0, 1, 2}, XyCharts.thin(3, 10));
        int[] kept = XyCharts.thin(1000, 300);
        assertEquals(0, kept[0]);
        assertEquals(999, kept[kept.length - 1]);
        assertTrue(kept.length <= 301);
    }

    @Test
    void paletteIsStableAndDistinct() {
        Palette a = new Palette(List.of("nope", "rope", "alibi"));
        Palette b = new Palette(List.of("nope", "rope", "alibi"));
        a.color("unrelated");
        assertEquals(a.color("alibi"), b.color("alibi"), "same study, same color");
        assertNotEquals(a.color("nope"), a.color("rope"));
        assertNotEquals(a.color("nope"), Palette.secondary().color("layer 0"), "categories avoid variant colors");
    }
}
