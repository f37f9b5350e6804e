package io.github.swapformer.reports.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.swapformer.reports.testing.RenderedStudy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium: it must load without console errors, its DOM must hold the
 * report, and the screenshot must not be blank. Without Chromium the test fails in CI ({@code CI=true})
 * and is skipped, with the reason, elsewhere.
 */
class HtmlReportChromiumTest {
    @TempDir
    Path dir;

    @Test
    void reportLoadsCleanlyAndIsNotBlank() throws Exception {
        requireChromium();
        Path html = RenderedStudy.fullThreeSeeds().resolve("report/report.html");
        Path png = dir.resolve("screenshot.png");

        Chromium.Run shot = Chromium.screenshot(html, png, dir.resolve("profile-shot"));
        assertEquals(0, shot.exitCode(), () -> "chromium --screenshot failed:\n" + shot.stderr());
        List<String> problems = Chromium.consoleProblems(shot.stderr());
        assertTrue(problems.isEmpty(), () -> "console problems while loading report.html: " + problems);

        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "the screenshot decodes as PNG");
        assertEquals(1200, image.getWidth());
        double varied = fractionNotBackground(image);
        assertTrue(varied > 0.02, "screenshot is blank: only " + varied + " of its pixels differ from the corner");

        Chromium.Run dom = Chromium.dumpDom(html, dir.resolve("profile-dom"));
        assertEquals(0, dom.exitCode(), () -> "chromium --dump-dom failed:\n" + dom.stderr());
        assertTrue(dom.stdout().contains("<h1>Study report: study</h1>"), "the DOM holds the report title");
        assertTrue(dom.stdout().contains("data:image/png;base64,"), "the DOM holds the embedded charts");
    }

    @Test
    void consoleScanCatchesAnUncaughtError() {
        // A line Chromium 156 printed for <script>throw new Error("boom")</script> (captured on this machine).
        String log = "[26595:26632:1123/165241.274703:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n"
                + "[26595:26595:1123/165241.873286:INFO:CONSOLE:1] \"Uncaught Error: boom\", source: "
                + "file:///tmp/bad.html (1)\n";
        assertEquals(1, Chromium.consoleProblems(log).size(), "the D-Bus line is noise, the console line is not");
    }

    private static void requireChromium() {
        if (Files.isExecutable(Chromium.BINARY)) {
            return;
        }
        String reason = Chromium.BINARY + " is missing: install the Debian package 'chromium' "
                + "(apt-get install -y chromium) to check the HTML report";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " (CI=true, so this check may not be skipped)");
        }
        Assumptions.assumeTrue(false, reason);
    }

    private static double fractionNotBackground(BufferedImage image) {
        int background = image.getRGB(0, 0);
        long differing = 0;
        long total = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                total++;
                if (image.getRGB(x, y) != background) {
                    differing++;
                }
            }
        }
        return differing / (double) total;
    }
}
