package io.github.swapformer.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.testing.RenderedStudy;
import io.github.swapformer.reports.testing.SyntheticStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {
    @Test
    void reportNamesEveryVariantAndEmbedsEveryChart() throws Exception {
        Path report = RenderedStudy.fullThreeSeeds().resolve("report");

        String md = Files.readString(report.resolve("report.md"));
        String html = Files.readString(report.resolve("report.html"));
        for (String variant : SyntheticStudy.ENCODINGS) {
            assertTrue(md.contains(variant), "report.md names " + variant);
            assertTrue(html.contains(variant), "report.html names " + variant);
        }
        try (var charts = Files.list(report.resolve("charts"))) {
            List<Path> pngs = charts.filter(p -> p.toString().endsWith(".png")).toList();
            assertFalse(pngs.isEmpty());
            for (Path png : pngs) {
                assertTrue(md.contains("charts/" + png.getFileName()), "report.md links " + png.getFileName());
            }
            assertTrue(count(html, "src=\"data:image/png;base64,") == pngs.size(), "every chart embedded");
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing loaded from the network");
        assertTrue(md.contains("nope scores highest"), "the findings name the leader");
        assertTrue(md.contains("| property | value |") && md.contains("synthetic CPU"), "the environment");
        assertTrue(md.contains("```yaml\nname: synthetic"), "the spec, verbatim");
        if (System.getProperty("reports.keepReport") != null) {
            Path keep = Path.of(System.getProperty("reports.keepReport"));
            Files.createDirectories(keep);
            Files.copy(report.resolve("report.md"), keep.resolve("report.md"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(report.resolve("report.html"), keep.resolve("report.html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
