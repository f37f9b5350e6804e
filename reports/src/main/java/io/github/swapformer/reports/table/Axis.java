package io.github.swapformer.reports.table;

/**
 * The study axes that together make a variant, in the order a variant label lists them.
 * Each maps to one column of {@code summary.csv}.
 */
public enum Axis {
    POSITIONAL("positional"),
    NORM_PLACEMENT("norm_placement"),
    NORM_KIND("norm_kind"),
    FFN("ffn"),
    ARCHITECTURE("architecture");

    private final String column;

    Axis(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }
}
