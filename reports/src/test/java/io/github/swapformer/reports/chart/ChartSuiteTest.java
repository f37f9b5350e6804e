package io.github.swapformer.reports.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.table.Metric;
import io.github.swapformer.reports.table.StudyResults;
import io.github.swapformer.reports.testing.SyntheticStudy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartSuiteTest {
    @TempDir
    Path dir;

    @Test
    void everyChartIsWrittenAsDecodablePngAndParsableSvg() throws Exception {
        StudyResults results = StudyResults.load(SyntheticStudy.full(3).write(dir.resolve("study")));
        StudyStatistics stats = StudyStatistics.compute(results.summary(), Metric.EXACT_MATCH, null);
        List<RenderedChart> charts = ChartSuite.render(results, stats, dir.resolve("charts"));

        // 2 tasks x (length + heatmap) + 2 training + 2 modes x (lines + bars) + 1 JMH
        // + rope decay + alibi + 2 matrices + 4 attention maps + 1 MoE
        assertEquals(4 + 2 + 4 + 1 + 2 + 2 + 4 + 1, charts.size(), () -> charts.stream().map(RenderedChart::name).toList().toString());
        for (RenderedChart chart : charts) {
            BufferedImage png = ImageIO.read(chart.png().toFile());
            assertTrue(png != null && png.getWidth() >= 500 && png.getHeight() >= 300,
                    chart.png() + " decodes to a sensible size");
            assertTrue(notBlank(png), chart.png() + " is not one flat color");
            Document svg = parse(chart.svg());
            assertEquals("svg", svg.getDocumentElement().getTagName(), chart.svg().toString());
            assertTrue(chart.title() != null && !chart.title().isBlank());
        }
        if (System.getProperty("reports.keepCharts") != null) {
            copy(dir.resolve("charts"), Path.of(System.getProperty("reports.keepCharts")));
        }
    }

    static boolean notBlank(BufferedImage image) {
        int first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != first) {
                    return true;
                }
            }
        }
        return false;
    }

    static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(svg.toFile());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
