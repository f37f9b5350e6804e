package io.github.swapformer.reports.render;

import io.github.swapformer.reports.chart.ChartSuite;
import io.github.swapformer.reports.chart.RenderedChart;
import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.table.StudyResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes {@code report/report.md}, {@code report/report.html} and {@code report/charts/*.{png,svg}} for a
 * loaded study. Each file is written to a temporary name and moved into place, so a reader never sees a
 * half-written report.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** @return the report directory */
    public static Path write(StudyResults results, StudyStatistics stats, Path reportDir) {
        List<RenderedChart> charts = ChartSuite.render(results, stats, reportDir.resolve("charts"));
        ReportDocument document = ReportBuilder.build(results, stats, charts);
        writeAtomically(reportDir.resolve("report.md"), MarkdownRenderer.render(document, reportDir));
        writeAtomically(reportDir.resolve("report.html"), HtmlRenderer.render(document));
        return reportDir;
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
