package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ALiBi (Press et al. 2021, "Train Short, Test Long", arXiv 2108.12409, §3): a fixed bias
 * m_h·(key − query) per head, added after the 1/√HS scale (as in the authors' fairseq code),
 * with slopes m_h a geometric sequence starting at 2^(−8/n); for a head count n that is not a
 * power of two, the slopes of the nearest smaller power of two followed by every other slope of
 * the next one (the reference {@code get_slopes}). Causal form: m·(j − i), which is −m·distance
 * on the visible keys; symmetric form for bidirectional attention: −m·|j − i|. Fixed: no parameters.
 */
public final class Alibi implements PositionalEncoding {
    /** @param direction UNIDIRECTIONAL is the causal form, BIDIRECTIONAL the symmetric one. */
    public record Spec(BiasDirection direction) implements PositionalSpec {
        public Spec {
            if (direction == null) {
                throw new IllegalArgumentException("direction must be given (FOLLOW_MASK picks the form from the attention)");
            }
        }

        public static Spec defaults() {
            return new Spec(BiasDirection.FOLLOW_MASK);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.ALIBI;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new Alibi(this, shape);
        }
    }

    private final boolean symmetric;
    private final double[] slopes;

    public Alibi(Spec spec, AttentionShape shape) {
        this.symmetric = spec.direction().resolve(shape, "ALiBi") == BiasDirection.BIDIRECTIONAL;
        this.slopes = slopes(shape.nHeads());
    }

    /** The per-head slopes, head 0 first. */
    public static double[] slopes(int nHeads) {
        if (nHeads < 1) {
            throw new IllegalArgumentException("nHeads " + nHeads + " must be at least 1");
        }
        int pow2 = Integer.highestOneBit(nHeads);
        double[] out = new double[nHeads];
        double[] base = powerOfTwoSlopes(pow2);
        System.arraycopy(base, 0, out, 0, pow2);
        if (pow2 < nHeads) {
            double[] next = powerOfTwoSlopes(2 * pow2);
            for (int i = 0; i < nHeads - pow2; i++) {
                out[pow2 + i] = next[2 * i];
            }
        }
        return out;
    }

    private static double[] powerOfTwoSlopes(int n) {
        double start = Math.pow(2, -8.0 / n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(start, i + 1);
        }
        return s;
    }

    public double[] slopes() {
        return slopes.clone();
    }

    /** The bias of head h for distance d = key − query. */
    public double bias(int h, int d) {
        return symmetric ? -slopes[h] * Math.abs(d) : slopes[h] * d;
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.ALIBI;
    }

    @Override
    public Tensor biasScores(Tape tape, Tensor scores, Tensor q, Positions queryPos, Positions keyPos) {
        int NH = slopes.length;
        if (scores.rank() != 4 || scores.dim(1) != NH) {
            throw new IllegalArgumentException("ALiBi: scores " + scores.shapeString() + " must be (B, " + NH + ", T, S)");
        }
        if (scores.size() == 0) {
            return scores;
        }
        int dMin = keyPos.min() - queryPos.max();
        int R = keyPos.max() - queryPos.min() - dMin + 1;
        Tensor table = Tensor.zeros(R, NH); // one row per distance present: a per-call table
        for (int r = 0; r < R; r++) {
            for (int h = 0; h < NH; h++) {
                table.data()[r * NH + h] = (float) bias(h, dMin + r);
            }
        }
        RelativeLayout layout = RelativeLayout.of(queryPos, keyPos, scores.dim(0), scores.dim(2), scores.dim(3),
                d -> d - dMin, R, NH);
        return RelativeOps.addHeadBias(tape, scores, table, layout);
    }

    @Override
    public boolean extrapolates() {
        return true;
    }

    /** The bias of every (query, key) pair, one table per head. */
    @Override
    public List<Table> pictures(int length) {
        List<Table> out = new ArrayList<>();
        for (int h = 0; h < slopes.length; h++) {
            double[][] v = new double[length][length];
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    v[i][j] = bias(h, j - i);
                }
            }
            out.add(new Table("ALiBi bias, head " + h + ", slope " + slopes[h], "query position", "key position", v));
        }
        return out;
    }

    /** The bias of each head (rows) against distance back from the query (columns 0…length−1). */
    public Table biasPerHead(int length) {
        double[][] v = new double[slopes.length][length];
        for (int h = 0; h < slopes.length; h++) {
            for (int d = 0; d < length; d++) {
                v[h][d] = bias(h, -d);
            }
        }
        return new Table("ALiBi bias per head against distance", "head", "distance to the key", v);
    }
}
