package io.github.swapformer.reports;

import io.github.swapformer.reports.render.ReportWriter;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.table.StudyResults;
import java.nio.file.Path;

/**
 * The reports module's entry point: reads {@code results/<study>/} (the contract is in
 * {@code reports/README.md}), computes the statistics across seeds, draws every chart and writes
 * {@code results/<study>/report/} ({@code report.md}, a self-contained {@code report.html},
 * {@code charts/*.png} and {@code charts/*.svg}). Used by {@code swapformer study report DIR} and at the end
 * of {@code swapformer study run}.
 */
public final class Reports {
    private Reports() {
    }

    /** Renders with the default options; returns the report directory. */
    public static Path render(Path studyDir) {
        return render(studyDir, ReportOptions.defaults());
    }

    public static Path render(Path studyDir, ReportOptions options) {
        System.setProperty("java.awt.headless", "true");
        StudyResults results = StudyResults.load(studyDir);
        StudyStatistics stats = StudyStatistics.compute(results.summary(), options.metric(), options.baseline());
        return ReportWriter.write(results, stats, studyDir.resolve("report"));
    }
}
