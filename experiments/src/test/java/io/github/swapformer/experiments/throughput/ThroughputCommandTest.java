package io.github.swapformer.experiments.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.reports.table.ThroughputRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ThroughputCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return new CommandLine(new ThroughputCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsAloneAndWritesTheResultsDirectory() {
        int code = execute("--positional", "nope,t5_bias", "--ffn", "swiglu", "--norm", "post", "--lengths", "16,32",
                "--modes", "forward,generate", "--d-model", "32", "--layers", "1", "--heads", "2", "--vocab", "32",
                "--warmup", "1", "--warmup-seconds", "0", "--repetitions", "2", "--min-repetition-seconds", "0",
                "--threads", "1", "--results", dir.toString());

        assertEquals(0, code, err());
        List<ThroughputRow> rows = ThroughputRow.read(dir.resolve(ThroughputCsv.FILE));
        assertEquals(2 * 2 * 2, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.ffn().equals("swiglu") && r.normPlacement().equals("post")));
    }

    @Test
    void mixtureOfExpertsAndSandwichNormsRunInEveryMode() {
        int code = execute("--positional", "shaw_relative", "--ffn", "moe", "--norm", "sandwich", "--lengths", "16",
                "--d-model", "32", "--layers", "1", "--heads", "2", "--vocab", "32", "--warmup-seconds", "0",
                "--repetitions", "2", "--min-repetition-seconds", "0", "--threads", "2", "--results", dir.toString());

        assertEquals(0, code, err());
        List<ThroughputRow> rows = ThroughputRow.read(dir.resolve(ThroughputCsv.FILE));
        assertEquals(List.of(ThroughputRow.Mode.values()), rows.stream().map(ThroughputRow::mode).toList());
        assertTrue(rows.stream().allMatch(r -> r.ffn().equals("moe") && r.normPlacement().equals("sandwich")));
    }

    @Test
    void defaultsAreEveryEncodingTwoFfnKindsPreNormAndLengths64To4096AndTheFullGridFillsTheAxesNotChosen() {

        ThroughputCommand parsed = new ThroughputCommand();
        new CommandLine(parsed).parseArgs();
        ThroughputSpec spec = parsed.spec();
        assertEquals(List.of(PositionalKind.values()), spec.positional());
        assertEquals(List.of(FfnKind.MLP_GELU, FfnKind.SWIGLU), spec.ffns());
        assertEquals(List.of(NormPlacement.PRE), spec.placements());
        assertEquals(List.of(64, 128, 256, 512, 1024, 2048, 4096), spec.lengths());
        assertEquals(new ModelShape(256, 4, 4, 256, 1024), spec.model());

        ThroughputCommand full = new ThroughputCommand();
        new CommandLine(full).parseArgs("--full-grid");
        assertEquals(List.of(FfnKind.values()), full.spec().ffns());
        assertEquals(List.of(NormPlacement.values()), full.spec().placements());
        assertEquals(List.of(PositionalKind.values()), full.spec().positional());

        ThroughputCommand chosen = new ThroughputCommand();
        new CommandLine(chosen).parseArgs("--full-grid", "--positional", "rope", "--ffn", "moe");
        assertEquals(List.of(PositionalKind.ROPE), chosen.spec().positional());
        assertEquals(List.of(FfnKind.MOE), chosen.spec().ffns());
        assertEquals(List.of(NormPlacement.values()), chosen.spec().placements());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--positional|rotary|--positional 'rotary' is unknown; known: nope, sinusoidal, learned_absolute",
        "--ffn|mlp|--ffn 'mlp' is unknown; known: mlp_relu, mlp_gelu",
        "--norm|middle|--norm 'middle' is unknown; known: post, pre, sandwich",
        "--modes|backward|mode 'backward' is not one of forward, forward_backward, generate",
        "--lengths|64..100|length 100 is not a power of two at least 64",
        "--lengths|1,2|length 1 must be at least 2",
        "--lengths|sixty|--lengths 'sixty' is not A..B",
        "--heads|3|d_model 256 is not divisible by heads 3",
        "--repetitions|1|repetitions 1 must be at least 2",
        "--threads|0|threads 0 must be at least 1",
        "--max-seconds|-5|max seconds -5.0 must be a finite number at least 0",
        "--memory-budget|0|--memory-budget 0 MiB must be at least 1",
        "--decode-tokens|0|decode tokens 0 must be at least 1",
    })
    void badValuesFailBeforeAnyWorkWithOneLineNamingThem(String option, String value, String message) {
        int code = execute(option, value, "--results", dir.toString());

        assertEquals(ThroughputCommand.USAGE, code);
        assertTrue(err().startsWith("error: ") && err().contains(message), err());
        assertEquals(1, err().lines().count(), err());
        assertTrue(!Files.exists(dir.resolve(ThroughputCsv.FILE)));
    }

    @Test
    void specRefusesEmptyOrRepeatedAxes() {
        ModelShape model = ModelShape.defaults();
        Protocol protocol = Protocol.defaults();
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new ThroughputSpec(List.of(),
                List.of(FfnKind.MLP_GELU), List.of(NormPlacement.PRE), List.of(64), List.of(Mode.FORWARD), model,
                protocol, 1, 0, 1, 1));
        assertEquals("positional is empty: give at least one value", empty.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new ThroughputSpec(
                List.of(PositionalKind.ROPE), List.of(FfnKind.MLP_GELU, FfnKind.MLP_GELU), List.of(NormPlacement.PRE),
                List.of(64), List.of(Mode.FORWARD), model, protocol, 1, 0, 1, 1));
        assertEquals("ffn [MLP_GELU, MLP_GELU] names a value twice", twice.getMessage());
    }
}
