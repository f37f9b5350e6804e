package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalKind;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swapformer bench throughput}: tokens per second of forward, forward + backward and greedy
 * generation of a small decoder-only model for each positional encoding × FFN kind × norm placement
 * and sequence length, written as {@code throughput.csv} for the reports. Runnable alone ({@link #main}).
 * Bad input prints one line ("error: …") and exits with 2.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = {"Tokens/s of forward, forward+backward and KV-cached greedy generation per positional encoding "
                + "x FFN kind x norm placement x sequence length, batch 1; writes DIR/throughput.csv.",
            "peak_bytes_per_token holds the heap bytes allocated per token during the timed passes (all threads): "
                + "an upper bound of the peak, not a sampled peak."})
public final class ThroughputCommand implements Callable<Integer> {
    /** Exit code of bad input. */
    public static final int USAGE = 2;

    @Option(names = "--positional", split = ",", paramLabel = "KIND",
            description = "encodings (default: all): nope, sinusoidal, learned_absolute, shaw_relative, t5_bias, rope, alibi, fire, xpos")
    List<String> positional;
    @Option(names = "--ffn", split = ",", paramLabel = "KIND", description = "FFN kinds (default: mlp_gelu,swiglu)")
    List<String> ffn;
    @Option(names = "--norm", split = ",", paramLabel = "PLACEMENT", description = "norm placements (default: pre)")
    List<String> norm;
    @Option(names = "--full-grid", description = "every FFN kind and norm placement, where --ffn or --norm does not choose")
    boolean fullGrid;
    @Option(names = "--lengths", defaultValue = "64..4096", paramLabel = "A..B|N,N,...",
            description = "sequence lengths: powers of two A..B, or a list (default: ${DEFAULT-VALUE})")
    String lengths;
    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "forward, forward_backward, generate (default: all three)")
    List<String> modes;
    @Option(names = "--d-model", defaultValue = "256", description = "model width (default: ${DEFAULT-VALUE})")
    int dModel;
    @Option(names = "--layers", defaultValue = "4", description = "blocks (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;
    @Option(names = "--vocab", defaultValue = "256", description = "vocabulary size (default: ${DEFAULT-VALUE})")
    int vocab;
    @Option(names = "--context", defaultValue = "1024",
            description = "max_positions: a learned table's rows; longer lengths are not applicable to it (default: ${DEFAULT-VALUE})")
    int context;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed passes per measurement, at least (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--warmup-seconds", defaultValue = "1.0",
            description = "untimed passes continue for at least this long (default: ${DEFAULT-VALUE})")
    double warmupSeconds;
    @Option(names = "--repetitions", defaultValue = "5", description = "timed repetitions, >= 2 (default: ${DEFAULT-VALUE})")
    int repetitions;
    @Option(names = "--min-repetition-seconds", defaultValue = "0.2",
            description = "a repetition repeats the pass until it lasts this long (default: ${DEFAULT-VALUE})")
    double minRepetitionSeconds;
    @Option(names = "--decode-tokens", defaultValue = "16",
            description = "tokens decoded per generation pass, at most half the length (default: ${DEFAULT-VALUE})")
    int decodeTokens;
    @Option(names = "--threads", description = "pool threads (default: available processors)")
    Integer threads;
    @Option(names = "--max-seconds", defaultValue = "0", description = "time budget; no measurement starts after it (0: none)")
    double maxSeconds;
    @Option(names = "--memory-budget", paramLabel = "MIB",
            description = "MiB of attention buffers (estimated) a pass may need; passes above it are skipped (default: half the max heap)")
    Long memoryBudgetMib;
    @Option(names = "--seed", defaultValue = "1", description = "seed of weights and tokens (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--results", defaultValue = "results/throughput", paramLabel = "DIR",
            description = "directory of throughput.csv (default: ${DEFAULT-VALUE})")
    Path results;
    @Option(names = "--dry-run", description = "list the measurements (and the skipped ones, with why), run nothing")
    boolean dryRun;

    private final PrintStream out;
    private final PrintStream err;

    public ThroughputCommand() {
        this(System.out, System.err);
    }

    /** A command printing progress to {@code out} and the one-line error to {@code err}. */
    public ThroughputCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ThroughputCommand()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            ThroughputSpec spec = spec();
            new ThroughputStudy(out).run(spec, results, dryRun);
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
    }

    /** The spec the options describe; every bad value fails here, before any work. */
    ThroughputSpec spec() {
        ThroughputSpec defaults = ThroughputSpec.defaults();
        long budget = memoryBudgetMib == null ? defaults.memoryBudget() : mib(memoryBudgetMib);
        return new ThroughputSpec(
                positional == null ? defaults.positional() : parse("positional", positional, PositionalKind.values()),
                ffn != null ? parse("ffn", ffn, FfnKind.values()) : fullGrid ? List.of(FfnKind.values()) : defaults.ffns(),
                norm != null ? parse("norm", norm, NormPlacement.values())
                        : fullGrid ? List.of(NormPlacement.values()) : defaults.placements(),
                lengths(lengths), modes == null ? defaults.modes() : modes.stream().map(Mode::parse).toList(),
                new ModelShape(dModel, layers, heads, vocab, context),
                new Protocol(warmup, warmupSeconds, repetitions, minRepetitionSeconds, decodeTokens),
                threads == null ? defaults.threads() : threads, maxSeconds, budget, seed);
    }

    private static long mib(long value) {
        if (value < 1 || value > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("--memory-budget " + value + " MiB must be at least 1");
        }
        return value << 20;
    }

    /** {@code A..B} (powers of two) or a comma-separated list of lengths. */
    static List<Integer> lengths(String text) {
        String t = text.trim();
        try {
            int range = t.indexOf("..");
            if (range >= 0) {
                return ThroughputSpec.powersOfTwo(Integer.parseInt(t.substring(0, range).trim()),
                        Integer.parseInt(t.substring(range + 2).trim()));
            }
            List<Integer> out = new ArrayList<>();
            for (String part : t.split(",")) {
                out.add(Integer.parseInt(part.trim()));
            }
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--lengths '" + text + "' is not A..B (powers of two) or a list of integers");
        }
    }

    static <E extends Enum<E>> List<E> parse(String option, List<String> names, E[] known) {
        List<E> out = new ArrayList<>();
        for (String name : names) {
            String key = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            E match = Arrays.stream(known).filter(k -> k.name().equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("--" + option + " '" + name + "' is unknown; known: "
                            + Arrays.stream(known).map(Measurement::lower).collect(Collectors.joining(", "))));
            out.add(match);
        }
        return out;
    }
}
