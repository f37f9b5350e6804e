package io.github.swapformer.positional;

/**
 * A plain table for the reports: {@code values[row][column]}, with what the rows and columns
 * are and what the values mean. No charting here; the reports module draws it.
 */
public record Table(String title, String rows, String columns, double[][] values) {
    public Table {
        if (values.length == 0) {
            throw new IllegalArgumentException("table '" + title + "' has no rows");
        }
    }

    /** A one-row table of a function, e.g. a score against distance. */
    public static Table ofRow(String title, String columns, double[] values) {
        return new Table(title, "value", columns, new double[][] {values});
    }
}
