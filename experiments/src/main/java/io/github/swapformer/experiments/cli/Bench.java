package io.github.swapformer.experiments.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What the bench commands share: argument checks and printing their result. */
final class Bench {
    private Bench() {
    }

    static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + value + " must be at least 1");
        }
    }

    /** The result as one JSON object, or one "name value" line per entry. */
    static void print(PrintWriter out, Map<String, Object> result, boolean json) {
        if (json) {
            JsonOutput.print(out, result);
            return;
        }
        result.forEach((k, v) -> out.printf("%-24s %s%n", k, v instanceof Double d ? String.format("%.6g", d) : v));
        out.flush();
    }
}
