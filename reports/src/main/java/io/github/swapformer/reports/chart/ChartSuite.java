package io.github.swapformer.reports.chart;

import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.table.StudyResults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Renders every chart a study's tables allow into one folder, with one shared {@link Palette}. */
public final class ChartSuite {
    private ChartSuite() {
    }

    /** @return the charts in report order (by section, then as drawn) */
    public static List<RenderedChart> render(StudyResults results, StudyStatistics stats, Path chartsDir) {
        ChartWriter writer = new ChartWriter(chartsDir);
        Palette palette = new Palette(stats.variants());
        List<RenderedChart> charts = new ArrayList<>();
        charts.addAll(LengthGeneralizationCharts.render(results.summary(), stats, palette, writer));
        charts.addAll(PerplexityCharts.render(results.summary(), palette, writer));
        charts.addAll(TrainingCurveCharts.render(results, palette, writer));
        charts.addAll(ThroughputCharts.render(results.throughput(), results.jmh(), palette, writer));
        charts.addAll(PictureCharts.render(results.pictures(), palette, writer));
        charts.sort(Comparator.comparing(RenderedChart::section));
        return List.copyOf(charts);
    }
}
