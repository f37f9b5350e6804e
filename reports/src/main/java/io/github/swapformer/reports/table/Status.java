package io.github.swapformer.reports.table;

import java.util.Arrays;
import java.util.Locale;

/** Outcome of one (cell, evaluation length): metrics exist only for {@link #OK}. */
public enum Status {
    OK,
    NOT_APPLICABLE,
    DIVERGED;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the CSV spelling, or returns null when {@code text} is not one of the allowed values. */
    static Status parse(String text) {
        return Arrays.stream(values()).filter(s -> s.text().equals(text)).findFirst().orElse(null);
    }
}
