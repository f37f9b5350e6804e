package io.github.swapformer.reports.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.testing.RenderedStudy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartSuiteTest {

    @Test
    void everyChartIsWrittenAsDecodablePngAndParsableSvg() throws Exception {
        Path charts = RenderedStudy.fullThreeSeeds().resolve("report/charts");
        List<Path> pngs = list(charts, ".png");
        // 2 tasks x (length + heatmap + perplexity) + 2 training + 2 modes x (lines + bars + memory) + 1 JMH
        // + rope decay + alibi + 2 matrices + 4 attention maps + 1 MoE
        assertEquals(6 + 2 + 6 + 1 + 2 + 2 + 4 + 1, pngs.size(), pngs::toString);
        assertEquals(pngs.size(), list(charts, ".svg").size(), "one SVG per PNG");
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image != null && image.getWidth() >= 500 && image.getHeight() >= 300,
                    png + " decodes to a sensible size");
            assertTrue(notBlank(image), png + " is not one flat color");
            String name = png.getFileName().toString().replace(".png", ".svg");
            Document svg = parse(charts.resolve(name));
            assertEquals("svg", svg.getDocumentElement().getTagName(), name);
        }
        if (System.getProperty("reports.keepCharts") != null) {
            copy(charts, Path.of(System.getProperty("reports.keepCharts")));
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

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path f : list(from, "")) {
            Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
