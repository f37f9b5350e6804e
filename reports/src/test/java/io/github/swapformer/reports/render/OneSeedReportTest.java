package io.github.swapformer.reports.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.Reports;
import io.github.swapformer.reports.testing.SyntheticStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneSeedReportTest {
    @TempDir
    Path dir;

    @Test
    void oneSeedShowsNoBandsAndSaysWhy() throws Exception {
        Path study = SyntheticStudy.minimal(1, List.of("mlp", "swiglu")).write(dir.resolve("study"));
        Path report = Reports.render(study);
        String md = Files.readString(report.resolve("report.md"));

        assertTrue(md.contains("Only one seed per variant, so no confidence band can be drawn"), "chart captions");
        assertTrue(md.contains("single seed, so there is no confidence interval"), "findings");
        assertFalse(md.contains("Shaded: 95% confidence interval"), "no caption promises a band");
        assertFalse(md.contains(" ± "), "no interval is printed");
        for (String encoding : SyntheticStudy.ENCODINGS) {
            for (String ffn : List.of("mlp", "swiglu")) {
                assertTrue(md.contains(encoding + " · " + ffn), "names variant " + encoding + " · " + ffn);
            }
        }
        // FFN varies as well as the encoding: one length chart per task and FFN.
        assertTrue(Files.exists(report.resolve("charts/length-copy-ffn-swiglu.png")));
        assertTrue(Files.exists(report.resolve("charts/length-reverse-ffn-mlp.svg")));
        assertTrue(md.contains("no study") || md.contains("```yaml"), "the spec or its absence is shown");
    }
}
