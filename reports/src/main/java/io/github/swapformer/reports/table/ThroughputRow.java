package io.github.swapformer.reports.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of {@code throughput.csv}:
 * {@code positional,ffn,norm_placement,seq_len,mode,tokens_per_second,peak_bytes_per_token},
 * mode one of {@code forward}, {@code forward_backward}, {@code generate}.
 */
public record ThroughputRow(String positional, String ffn, String normPlacement, int seqLen, Mode mode,
                            double tokensPerSecond, double peakBytesPerToken) {

    /** What was timed. */
    public enum Mode {
        FORWARD, FORWARD_BACKWARD, GENERATE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<String> COLUMNS = List.of("positional", "ffn", "norm_placement", "seq_len", "mode",
            "tokens_per_second", "peak_bytes_per_token");

    public static List<ThroughputRow> read(Path file) {
        List<ThroughputRow> rows = new ArrayList<>();
        for (CsvTable.Row row : CsvTable.read(file, COLUMNS).rows()) {
            String modeText = row.requiredText("mode");
            Mode mode = null;
            for (Mode m : Mode.values()) {
                if (m.text().equals(modeText)) {
                    mode = m;
                }
            }
            if (mode == null) {
                throw row.error("mode", "'" + modeText + "' is not one of forward, forward_backward, generate");
            }
            int seqLen = row.requiredInt("seq_len");
            double tps = row.requiredNumber("tokens_per_second");
            if (seqLen <= 0 || !(tps > 0)) {
                throw row.error(seqLen <= 0 ? "seq_len" : "tokens_per_second",
                        "seq_len and tokens_per_second must be positive (log-log axes)");
            }
            rows.add(new ThroughputRow(row.requiredText("positional"), row.requiredText("ffn"),
                    row.requiredText("norm_placement"), seqLen, mode, tps, row.optionalNumber("peak_bytes_per_token")));
        }
        return rows;
    }
}
