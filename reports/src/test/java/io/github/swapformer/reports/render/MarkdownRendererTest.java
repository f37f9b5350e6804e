package io.github.swapformer.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    @Test
    void escapesMarkupButKeepsComparisonsReadable() {
        assertEquals("norm\\_kind \\*x\\* p < 0.001 &lt;b>", MarkdownRenderer.escape("norm_kind *x* p < 0.001 <b>"));
    }

    @Test
    void tablesAlignNumbersAndEscapePipes() {
        ReportDocument doc = new ReportDocument("T", List.of(new Block.Table(List.of("name", "value"),
                List.of(List.of("a|b", "1.0")), List.of(false, true))));
        String md = MarkdownRenderer.render(doc, Path.of("."));
        assertTrue(md.contains("| name | value |\n| --- | ---: |\n| a\\|b | 1.0 |"), md);
    }

    @Test
    void htmlShowsChartsAtHalfTheirPixelWidth() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(1801, 10,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        assertEquals(900, HtmlRenderer.cssWidth(png.toByteArray()));
    }

    @Test
    void htmlEscapesText() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", HtmlRenderer.escape("a <b> & \"c\""));
    }
}
