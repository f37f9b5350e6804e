package io.github.swapformer.experiments.eval;

import java.util.Locale;

/** What a (cell, evaluation length) row holds, as the reports contract spells it. */
public enum Status {
    /** Trained and evaluated: the metrics are real. */
    OK,
    /** The model cannot run at this length (a learned table is too short): no metric, not a zero. */
    NOT_APPLICABLE,
    /** Training stopped on a NaN or infinite loss: no metric. */
    DIVERGED;

    /** {@code ok}, {@code not_applicable}, {@code diverged}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
