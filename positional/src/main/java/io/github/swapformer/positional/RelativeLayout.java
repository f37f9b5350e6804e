package io.github.swapformer.positional;

import java.util.function.IntUnaryOperator;

/**
 * Where each (query i, key j) pair of a score matrix falls in a relative-position table: query
 * positions {@code qpos} (B·T), key positions {@code kpos} (B·S) and, for every relative distance
 * d = key − query present, the table index {@code index[d − dMin]} (a bucket already multiplied by
 * the table's bucket stride). Built once per call; shared by T5, ALiBi and Shaw.
 */
public record RelativeLayout(int B, int T, int S, int[] qpos, int[] kpos, int dMin, int[] index) {

    /**
     * The layout of queries at {@code q} and keys at {@code k}, with {@code bucket} mapping a
     * distance key − query to a bucket in [0, buckets), stored as bucket·{@code stride}.
     */
    public static RelativeLayout of(Positions q, Positions k, int B, int T, int S,
                                    IntUnaryOperator bucket, int buckets, int stride) {
        int[] qpos = q.flat(B, T, "queries");
        int[] kpos = k.flat(B, S, "keys");
        if (T == 0 || S == 0) {
            return new RelativeLayout(B, T, S, qpos, kpos, 0, new int[0]);
        }
        int dMin = k.min() - q.max();
        int dMax = k.max() - q.min();
        int[] index = new int[dMax - dMin + 1];
        for (int d = dMin; d <= dMax; d++) {
            int bk = bucket.applyAsInt(d);
            if (bk < 0 || bk >= buckets) {
                throw new IllegalStateException("bucket " + bk + " of distance " + d + " is outside [0, " + buckets + ")");
            }
            index[d - dMin] = bk * stride;
        }
        return new RelativeLayout(B, T, S, qpos, kpos, dMin, index);
    }

    /** The table index of (batch row b, query i, key j). */
    public int at(int b, int i, int j) {
        return index[kpos[b * S + j] - qpos[b * T + i] - dMin];
    }

    /** Whether the keys of batch row b are consecutive positions (lets the SIMD gather run). */
    boolean keysContiguous(int b) {
        for (int j = 1; j < S; j++) {
            if (kpos[b * S + j] != kpos[b * S] + j) {
                return false;
            }
        }
        return true;
    }
}
