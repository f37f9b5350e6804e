package io.github.swapformer.positional;

import java.util.Arrays;

/**
 * The positions of the T tokens of every batch row, passed explicitly to every hook: a range
 * {@code offset, offset+1, …} shared by all rows (ordinary training, and KV-cached decoding where
 * the new tokens start at the cache length), or one array per row (packed sequences, where
 * positions restart at each document boundary). Positions are never negative.
 */
public final class Positions {
    private final int offset;
    private final int length;
    private final int[][] rows; // null for a shared range

    private Positions(int offset, int length, int[][] rows) {
        this.offset = offset;
        this.length = length;
        this.rows = rows;
    }

    /** Positions {@code offset … offset+length−1}, the same for every batch row. */
    public static Positions range(int offset, int length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative; positions start at 0 or later");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " is negative");
        }
        if ((long) offset + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " + length " + length + " overflows int");
        }
        return new Positions(offset, length, null);
    }

    /** Positions {@code 0 … length−1} for every row. */
    public static Positions first(int length) {
        return range(0, length);
    }

    /** One array of positions per batch row, all of the same length (copied). */
    public static Positions of(int[][] perRow) {
        if (perRow.length == 0) {
            throw new IllegalArgumentException("perRow has no rows; give at least one batch row");
        }
        int[][] copy = new int[perRow.length][];
        for (int b = 0; b < perRow.length; b++) {
            if (perRow[b].length != perRow[0].length) {
                throw new IllegalArgumentException("row " + b + " has " + perRow[b].length + " positions, row 0 has "
                        + perRow[0].length + "; every row must have the same length");
            }
            for (int t = 0; t < perRow[b].length; t++) {
                if (perRow[b][t] < 0) {
                    throw new IllegalArgumentException("position " + perRow[b][t] + " at row " + b + ", token " + t
                            + " is negative; positions are 0 or more");
                }
            }
            copy[b] = perRow[b].clone();
        }
        return new Positions(0, perRow[0].length, copy);
    }

    /** Number of tokens per row. */
    public int length() {
        return length;
    }

    /** Whether all rows share one contiguous range. */
    public boolean isRange() {
        return rows == null;
    }

    /** The position of token {@code t} of batch row {@code b}. */
    public int at(int b, int t) {
        return rows == null ? offset + t : rows[b][t];
    }

    /** The largest position of any row (−1 when empty). */
    public int max() {
        if (rows == null) {
            return offset + length - 1;
        }
        int m = -1;
        for (int[] r : rows) {
            for (int p : r) {
                m = Math.max(m, p);
            }
        }
        return m;
    }

    /** The smallest position of any row ({@code Integer.MAX_VALUE} when empty). */
    public int min() {
        if (rows == null) {
            return length == 0 ? Integer.MAX_VALUE : offset;
        }
        int m = Integer.MAX_VALUE;
        for (int[] r : rows) {
            for (int p : r) {
                m = Math.min(m, p);
            }
        }
        return m;
    }

    /**
     * The positions as one array of {@code batch * length} values, row-major, after checking that
     * they fit a tensor axis of {@code tokens} tokens and {@code batch} rows.
     */
    public int[] flat(int batch, int tokens, String what) {
        if (tokens != length) {
            throw new IllegalArgumentException(what + " has " + tokens + " tokens but the positions have length " + length);
        }
        if (rows != null && rows.length != batch) {
            throw new IllegalArgumentException(what + " has batch " + batch + " but the positions have " + rows.length + " rows");
        }
        int[] out = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                out[b * length + t] = at(b, t);
            }
        }
        return out;
    }

    /** The same positions moved by {@code shift} (for invariance tests and cache offsets). */
    public Positions shifted(int shift) {
        if (rows == null) {
            return range(offset + shift, length);
        }
        int[][] moved = new int[rows.length][];
        for (int b = 0; b < rows.length; b++) {
            moved[b] = rows[b].clone();
            for (int t = 0; t < moved[b].length; t++) {
                moved[b][t] += shift;
            }
        }
        return of(moved);
    }

    @Override
    public String toString() {
        return rows == null ? "Positions[" + offset + ", " + (offset + length) + ")" : "Positions" + Arrays.deepToString(rows);
    }
}
