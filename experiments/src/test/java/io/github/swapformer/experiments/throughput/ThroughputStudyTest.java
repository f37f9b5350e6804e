package io.github.swapformer.experiments.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.reports.table.ThroughputRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputStudyTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** A model small enough that the whole grid runs in a few seconds. */
    static ThroughputSpec tiny(List<PositionalKind> positional, int context, long memoryBudget, double maxSeconds) {
        return new ThroughputSpec(positional, List.of(FfnKind.MLP_GELU), List.of(NormPlacement.PRE), List.of(16, 32),
                List.of(Mode.values()), new ModelShape(32, 2, 2, 64, context), new Protocol(1, 0, 2, 0, 4), 1,
                maxSeconds, memoryBudget, 7);
    }

    private List<Result> run(ThroughputSpec spec) {
        return new ThroughputStudy(new PrintStream(log, true, StandardCharsets.UTF_8)).run(spec, dir, false);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tinyGridWritesEveryRowInAFileTheReportsAccept() throws IOException {
        List<Result> results = run(tiny(List.of(PositionalKind.ROPE, PositionalKind.ALIBI), 64, Long.MAX_VALUE, 0));

        List<ThroughputRow> rows = ThroughputRow.read(dir.resolve(ThroughputCsv.FILE));
        assertEquals(2 * 2 * 3, rows.size(), log());
        assertEquals(results.size(), rows.size());
        for (PositionalKind p : List.of(PositionalKind.ROPE, PositionalKind.ALIBI)) {
            for (int length : List.of(16, 32)) {
                for (ThroughputRow.Mode mode : ThroughputRow.Mode.values()) {
                    String name = Measurement.lower(p);
                    assertEquals(1, rows.stream().filter(r -> r.positional().equals(name) && r.seqLen() == length
                            && r.mode() == mode && r.ffn().equals("mlp_gelu") && r.normPlacement().equals("pre")).count(),
                            name + " " + length + " " + mode);
                }
            }
        }
        assertTrue(rows.stream().allMatch(r -> r.tokensPerSecond() > 0 && r.peakBytesPerToken() > 0), rows.toString());
        assertTrue(Files.readString(dir.resolve(ThroughputCsv.FILE)).startsWith(ThroughputCsv.HEADER + "\n"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(ThroughputCsv.FILE), files.map(f -> f.getFileName().toString()).toList(),
                    "only throughput.csv is left: no temporary file");
        }
        assertTrue(log().contains("[12/12] alibi·mlp_gelu·pre T=32 generate: "), log());
    }

    @Test
    void lengthsPastALearnedTableAreLeftOutAndLogged() {
        run(tiny(List.of(PositionalKind.LEARNED_ABSOLUTE, PositionalKind.ROPE), 16, Long.MAX_VALUE, 0));

        List<ThroughputRow> rows = ThroughputRow.read(dir.resolve(ThroughputCsv.FILE));
        assertEquals(3 + 6, rows.size());
        assertTrue(rows.stream().noneMatch(r -> r.positional().equals("learned_absolute") && r.seqLen() == 32));
        assertEquals(3, rows.stream().filter(r -> r.positional().equals("learned_absolute") && r.seqLen() == 16).count());
        assertEquals(3, rows.stream().filter(r -> r.positional().equals("rope") && r.seqLen() == 32).count());
        assertTrue(log().contains("skip learned_absolute·mlp_gelu·pre T=32 forward: not applicable: learned_absolute "
                + "has a table of 16 positions"), log());
    }

    @Test
    void aPassOverTheMemoryBudgetIsSkippedWithItsEstimate() {
        ModelShape model = new ModelShape(32, 2, 2, 64, 64);
        // Between the forward estimate at 32 and the forward+backward estimate at 16: only forward_backward at 32 is left out.
        long budget = Plan.estimatedScoreBytes(model, Mode.FORWARD, 32) + 1;
        assertTrue(Plan.estimatedScoreBytes(model, Mode.FORWARD_BACKWARD, 16) < budget);
        assertTrue(Plan.estimatedScoreBytes(model, Mode.FORWARD_BACKWARD, 32) > budget);

        run(tiny(List.of(PositionalKind.ROPE), 64, budget, 0));

        List<ThroughputRow> rows = ThroughputRow.read(dir.resolve(ThroughputCsv.FILE));
        assertEquals(5, rows.size());
        assertTrue(rows.stream().noneMatch(r -> r.seqLen() == 32 && r.mode() == ThroughputRow.Mode.FORWARD_BACKWARD));
        assertTrue(log().contains("skip rope·mlp_gelu·pre T=32 forward_backward: over the memory budget"), log());
    }

    @Test
    void pastAMillionScoresPerHeadTheStreamingKernelsMemoryIsLinearInLength() {
        ModelShape model = ModelShape.defaults();
        // Plain kernel at 1024 (T·S = 2^20, the default threshold): 2 × 4 copies × 4 heads × 4 layers × 4 MiB + the mask.
        assertEquals(2L * 4 * 4 * 4 * (4L << 20) + (4L << 20), Plan.estimatedScoreBytes(model, Mode.FORWARD_BACKWARD, 1024));
        long at2048 = Plan.estimatedScoreBytes(model, Mode.FORWARD_BACKWARD, 2048);
        long at4096 = Plan.estimatedScoreBytes(model, Mode.FORWARD_BACKWARD, 4096);
        assertEquals(2 * at2048, at4096);
        // 2 × 4 heads × 4096 × (64 + 128 block) floats per layer, twice over 4 layers: 192 MiB, where plain would need 8 GiB.
        assertEquals(192L << 20, at4096);
        assertTrue(Plan.of(ThroughputSpec.defaults()).stream().allMatch(e -> e.runs()
                || e.skipReason().startsWith("not applicable: learned_absolute")), "only the learned table skips");
    }

    @Test
    void noMeasurementStartsOnceTheTimeBudgetIsSpent() {
        List<Result> results = run(tiny(List.of(PositionalKind.ROPE), 64, Long.MAX_VALUE, 1e-9));

        assertTrue(results.isEmpty());
        assertFalse(Files.exists(dir.resolve(ThroughputCsv.FILE)));
        assertTrue(log().contains("time budget of 0 s spent: 6 measurement(s) not run"), log());
    }

    @Test
    void dryRunListsTheMeasurementsAndRunsNothing() {
        List<Result> results = new ThroughputStudy(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(tiny(List.of(PositionalKind.LEARNED_ABSOLUTE), 16, Long.MAX_VALUE, 0), dir, true);

        assertTrue(results.isEmpty());
        assertFalse(Files.exists(dir.resolve(ThroughputCsv.FILE)));
        assertTrue(log().contains("  run   learned_absolute·mlp_gelu·pre T=16 generate"), log());
        assertTrue(log().contains("  skip  learned_absolute·mlp_gelu·pre T=32 forward  (not applicable"), log());
    }

    @Test
    void shortLengthsRunFirstSoThatATimeBudgetCutsTheLongest() {
        ThroughputSpec spec = new ThroughputSpec(List.of(PositionalKind.ROPE, PositionalKind.NOPE), List.of(FfnKind.SWIGLU),
                List.of(NormPlacement.PRE), List.of(64, 16), List.of(Mode.FORWARD), ModelShape.defaults(),
                Protocol.defaults(), 1, 0, Long.MAX_VALUE, 1);

        List<Measurement> order = Plan.of(spec).stream().map(Plan.Entry::measurement).toList();

        assertEquals(List.of(16, 16, 64, 64), order.stream().map(Measurement::length).toList());
        assertEquals(List.of(PositionalKind.ROPE, PositionalKind.NOPE, PositionalKind.ROPE, PositionalKind.NOPE),
                order.stream().map(Measurement::positional).toList());
    }
}
