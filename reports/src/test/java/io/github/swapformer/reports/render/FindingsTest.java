package io.github.swapformer.reports.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.stats.StudyStatistics;
import io.github.swapformer.reports.table.Axis;
import io.github.swapformer.reports.table.Metric;
import io.github.swapformer.reports.table.Status;
import io.github.swapformer.reports.table.SummaryRow;
import io.github.swapformer.reports.table.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsTest {

    private static StudyStatistics study(double[][] seedScores, String... encodings) {
        List<SummaryRow> rows = new ArrayList<>();
        for (int v = 0; v < encodings.length; v++) {
            for (int s = 0; s < seedScores[v].length; s++) {
                rows.add(new SummaryRow("c" + v + s, "copy", Map.of(Axis.POSITIONAL, encodings[v],
                        Axis.NORM_PLACEMENT, "pre", Axis.NORM_KIND, "rms_norm", Axis.FFN, "mlp", Axis.ARCHITECTURE,
                        "decoder"), s, 16, 32, Status.OK, seedScores[v][s], seedScores[v][s], 1, 2.7, 0));
            }
        }
        return StudyStatistics.compute(new SummaryTable(rows), Metric.EXACT_MATCH, null);
    }

    @Test
    void overlappingSeedsAreCalledNoise() {
        String text = String.join("\n", Findings.of(study(new double[][] {{0.60, 0.70, 0.65}, {0.62, 0.71, 0.58}},
                "rope", "alibi")));
        assertTrue(text.contains("On copy, rope scores highest"), text);
        assertTrue(text.contains("within noise"), text);
        assertTrue(text.contains("3 seeds"), text);
    }

    @Test
    void aClearGapIsCalledSignificantWithItsNumbers() {
        String text = String.join("\n", Findings.of(study(new double[][] {{0.30, 0.32, 0.31, 0.29},
            {0.90, 0.91, 0.92, 0.89}}, "rope", "nope")));
        // nope 0.905 vs rope 0.305 (printed 0.31); both sd 0.0129; Welch t = 0.6 / 0.00913 = 65.7 on 6 df;
        // Hedges g = (0.6 / 0.0129) · (1 − 3/23) = 40.4.
        assertTrue(text.contains("On copy, nope scores highest"), text);
        assertTrue(text.contains("0.91 ± 0.02 vs 0.31 ± 0.02 for rope"), text);
        assertTrue(text.contains("the lead is significant (Welch p < 0.001 after Holm"), text);
        assertTrue(text.contains("4 seeds"), text);
        assertTrue(text.contains("The Mann-Whitney test agrees"), "4 against 4 seeds can reach p < 0.05: " + text);
    }

    @Test
    void oneSeedSaysWhyNothingIsTested() {
        String text = String.join("\n", Findings.of(study(new double[][] {{0.3}, {0.9}}, "rope", "nope")));
        assertTrue(text.contains("single seed, so there is no confidence interval, test or effect size"), text);
        assertTrue(text.contains("the lead cannot be tested (fewer than 2 seeds on a side)"), text);
    }
}
