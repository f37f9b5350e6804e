package io.github.swapformer.reports.table;

/** The accuracy columns of {@code summary.csv} a report can be drawn from; both lie in [0, 1]. */
public enum Metric {
    EXACT_MATCH("exact_match", "exact-match accuracy"),
    TOKEN_ACCURACY("token_accuracy", "token accuracy");

    private final String column;
    private final String title;

    Metric(String column, String title) {
        this.column = column;
        this.title = title;
    }

    public String column() {
        return column;
    }

    /** Human wording, e.g. for axis titles. */
    public String title() {
        return title;
    }
}
