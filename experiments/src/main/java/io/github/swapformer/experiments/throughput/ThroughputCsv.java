package io.github.swapformer.experiments.throughput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code throughput.csv} as the reports contract defines it (reports/README.md): the seven contract
 * columns, then extra columns the reports ignore (the spread and how it was measured). Written
 * whole to a temporary file beside the target and moved over it, so a reader never sees half a file.
 *
 * <p>{@code peak_bytes_per_token} holds the heap bytes allocated per token during the timed passes
 * (also in {@code allocated_bytes_per_token}): an upper bound of the pass's peak memory, not a
 * sampled peak (see {@link AllocationMeter}).
 */
public final class ThroughputCsv {
    public static final String FILE = "throughput.csv";
    public static final String HEADER = "positional,ffn,norm_placement,seq_len,mode,tokens_per_second,"
            + "peak_bytes_per_token,tokens_per_second_sd,tokens_per_second_min,tokens_per_second_max,repetitions,"
            + "passes_per_repetition,allocated_bytes_per_token,threads,d_model,layers,heads";

    private ThroughputCsv() {
    }

    /** Writes every result into {@code dir/throughput.csv}, replacing it atomically. */
    public static Path write(Path dir, List<Result> results, ThroughputSpec spec) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Result r : results) {
            Measurement m = r.measurement();
            ModelShape model = spec.model();
            csv.append(String.join(",", Measurement.lower(m.positional()), Measurement.lower(m.ffn()),
                    Measurement.lower(m.placement()), Integer.toString(m.length()), m.mode().text(),
                    number(r.tokensPerSecond()), number(r.allocatedBytesPerToken()), number(r.tokensPerSecondSd()),
                    number(r.tokensPerSecondMin()), number(r.tokensPerSecondMax()), Integer.toString(r.repetitions()),
                    Integer.toString(r.passesPerRepetition()), number(r.allocatedBytesPerToken()),
                    Integer.toString(spec.threads()), Integer.toString(model.dModel()), Integer.toString(model.layers()),
                    Integer.toString(model.heads()))).append('\n');
        }
        Path target = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".throughput-", ".csv.tmp");
            try {
                Files.writeString(temp, csv, StandardCharsets.UTF_8);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Plain decimal with 6 significant digits; empty for NaN (the contract's "no value"). */
    private static String number(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString()
                .toLowerCase(Locale.ROOT);
    }
}
