package io.github.swapformer.experiments.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code summary.csv} (the reports contract: one row per cell and evaluation size, in the
 * spec's cell order) from every finished cell's JSON. Cells not finished yet are left out.
 */
public final class Summary {
    public static final String HEADER = "cell_id,task,architecture,positional,norm_placement,norm_kind,ffn,seed,"
            + "train_length,eval_length,status,exact_match,token_accuracy,loss,perplexity";

    private Summary() {
    }

    /** The CSV text for the given cells (finished ones only); returns it and the number of finished cells. */
    public static String csv(ResultsDir dir, List<Cell> cells) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Cell c : cells) {
            if (!Files.exists(dir.cellFile(c.id()))) {
                continue;
            }
            JsonNode j = CellResult.read(dir.cellFile(c.id()));
            for (JsonNode e : j.path("evaluations")) {
                boolean ok = "ok".equals(e.path("status").asText());
                sb.append(String.join(",", j.path("cell_id").asText(), j.path("task").asText(),
                        j.path("architecture").asText(), j.path("positional").asText(), j.path("norm_placement").asText(),
                        j.path("norm_kind").asText(), j.path("ffn").asText(), j.path("seed").asText(),
                        j.path("train_length").asText(), e.path("eval_length").asText(), e.path("status").asText(),
                        ok ? number(e, "exact_match") : "", ok ? number(e, "token_accuracy") : "",
                        ok ? number(e, "loss") : "", ok ? number(e, "perplexity") : "")).append('\n');
            }
        }
        return sb.toString();
    }

    /** Rebuilds and writes {@code summary.csv} under the results folder's lock; returns the finished cell count. */
    public static int write(ResultsDir dir, List<Cell> cells) {
        return dir.locked(() -> {
            ResultsDir.writeAtomic(dir.summaryFile(), csv(dir, cells));
            return (int) cells.stream().filter(c -> Files.exists(dir.cellFile(c.id()))).count();
        });
    }

    private static String number(JsonNode e, String key) {
        JsonNode v = e.path(key);
        return v.isNumber() ? String.format(Locale.ROOT, "%.6f", v.asDouble()) : "";
    }
}
