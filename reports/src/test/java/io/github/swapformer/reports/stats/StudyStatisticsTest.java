package io.github.swapformer.reports.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.table.Axis;
import io.github.swapformer.reports.table.Metric;
import io.github.swapformer.reports.table.Status;
import io.github.swapformer.reports.table.SummaryRow;
import io.github.swapformer.reports.table.SummaryTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyStatisticsTest {

    /** One row; train length 10, accuracies as given. */
    private static SummaryRow row(String task, String positional, long seed, int length, Status status, double acc) {
        return new SummaryRow(task + positional + seed, task, Map.of(Axis.POSITIONAL, positional,
                Axis.NORM_PLACEMENT, "pre", Axis.NORM_KIND, "layer_norm", Axis.FFN, "mlp", Axis.ARCHITECTURE,
                "decoder"), seed, 10, length, status, acc, acc, Double.NaN, Double.NaN, 0);
    }

    @Test
    void seedScoreAveragesTheLengthsBeyondTraining() {
        List<SummaryRow> rows = List.of(
                row("copy", "rope", 1, 10, Status.OK, 1.0),   // in distribution: not scored
                row("copy", "rope", 1, 20, Status.OK, 0.6),
                row("copy", "rope", 1, 30, Status.OK, 0.2),
                row("copy", "learned", 1, 10, Status.OK, 1.0),
                row("copy", "learned", 1, 20, Status.OK, 0.5),
                row("copy", "learned", 1, 30, Status.NOT_APPLICABLE, Double.NaN),
                row("copy", "learned", 2, 10, Status.DIVERGED, Double.NaN),
                row("copy", "learned", 2, 20, Status.DIVERGED, Double.NaN),
                row("copy", "learned", 2, 30, Status.DIVERGED, Double.NaN));
        TaskStatistics task = TaskStatistics.compute(new SummaryTable(rows), "copy", Metric.EXACT_MATCH);
        assertEquals(List.of(20, 30), task.scoreLengths());
        // rope: (0.6 + 0.2) / 2 = 0.4; learned seed 1: only length 20 applies -> 0.5; seed 2 diverged -> no score.
        assertArrayEquals(new double[] {0.4}, task.seedScores().get("rope"), 1e-12);
        assertArrayEquals(new double[] {0.5}, task.seedScores().get("learned"), 1e-12);
        assertEquals(1, task.divergedSeeds().get("learned"));
        assertEquals(List.of("learned", "rope"), task.ranking());
    }

    @Test
    void meanReciprocalRankByHand() {
        // Three tasks, three encodings, one seed, one extrapolation length (20) each:
        //   copy:    a 0.9, b 0.5, c 0.1  -> ranks a1 b2 c3
        //   reverse: a 0.2, b 0.8, c 0.2  -> ranks b1, a and c tie for 2
        //   sort:    a 0.7, b 0.6, c 0.9  -> ranks c1 a2 b3
        // MRR a = (1 + 1/2 + 1/2) / 3 = 2/3; b = (1/2 + 1 + 1/3) / 3 = 11/18; c = (1/3 + 1/2 + 1) / 3 = 11/18.
        double[][] acc = {{0.9, 0.5, 0.1}, {0.2, 0.8, 0.2}, {0.7, 0.6, 0.9}};
        String[] tasks = {"copy", "reverse", "sort"};
        String[] encodings = {"a", "b", "c"};
        List<SummaryRow> rows = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int e = 0; e < 3; e++) {
                rows.add(row(tasks[t], encodings[e], 1, 20, Status.OK, acc[t][e]));
            }
        }
        StudyStatistics stats = StudyStatistics.compute(new SummaryTable(rows), Metric.EXACT_MATCH, null);
        assertEquals(2.0 / 3, stats.meanReciprocalRank().get("a"), 1e-12);
        assertEquals(11.0 / 18, stats.meanReciprocalRank().get("b"), 1e-12);
        assertEquals(11.0 / 18, stats.meanReciprocalRank().get("c"), 1e-12);
        assertEquals("a", stats.baseline(), "the first variant in study order is the default baseline");
        assertEquals(6, stats.baselineComparisons().size());
        assertTrue(!stats.canTest(), "one seed: nothing can be tested");
        assertTrue(stats.baselineComparisons().stream().allMatch(c -> Double.isNaN(c.welchPHolm())));
    }

    @Test
    void baselineCanBeNamedAndMustExist() {
        List<SummaryRow> rows = List.of(row("copy", "rope", 1, 20, Status.OK, 0.5),
                row("copy", "nope", 1, 20, Status.OK, 0.7));
        assertEquals("nope", StudyStatistics.compute(new SummaryTable(rows), Metric.EXACT_MATCH, "nope").baseline());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyStatistics.compute(new SummaryTable(rows), Metric.EXACT_MATCH, "alibi"));
        assertTrue(e.getMessage().contains("alibi") && e.getMessage().contains("[rope, nope]"), e.getMessage());
    }

    @Test
    void holmIsAppliedAcrossTheBaselineFamily() {
        List<SummaryRow> rows = new ArrayList<>();
        double[][] scores = {{0.50, 0.52, 0.48}, {0.70, 0.75, 0.72}, {0.55, 0.49, 0.51}};
        String[] names = {"base", "good", "same"};
        for (int v = 0; v < 3; v++) {
            for (int s = 0; s < 3; s++) {
                rows.add(row("copy", names[v], s + 1, 20, Status.OK, scores[v][s]));
            }
        }
        StudyStatistics stats = StudyStatistics.compute(new SummaryTable(rows), Metric.EXACT_MATCH, null);
        double[] raw = stats.baselineComparisons().stream().mapToDouble(Comparison::welchP).toArray();
        double[] expected = Holm.adjust(raw);
        assertArrayEquals(expected, stats.baselineComparisons().stream().mapToDouble(Comparison::welchPHolm)
                .toArray(), 1e-15);
        assertEquals(Comparison.welch(scores[1], scores[0]), raw[0], 1e-15, "variant first, baseline second");
        assertEquals("good", stats.leads().get(0).variant());
    }
}
