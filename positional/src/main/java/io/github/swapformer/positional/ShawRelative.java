package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * Learned relative position representations (Shaw, Uszkoreit, Vaswani 2018, arXiv 1803.02155,
 * eqs. 3–5): embeddings a^K, a^V of the distance key − query clipped to ±k, shared by all heads,
 * entering the score as q_i·(k_j + a^K_ij)/√HS — so the key term is scaled like q·k — and,
 * optionally, the output as Σ_j p_ij·(v_j + a^V_ij).
 */
public final class ShawRelative extends Module implements PositionalEncoding {
    /** Which of the paper's two terms are used. */
    public enum Terms { KEYS, KEYS_AND_VALUES }

    /** @param clip k, the largest distance told apart (16 in the paper); @param terms which terms */
    public record Spec(int clip, Terms terms) implements PositionalSpec {
        public Spec {
            if (clip < 1) {
                throw new IllegalArgumentException("clip " + clip + " must be at least 1");
            }
            if (terms == null) {
                throw new IllegalArgumentException("terms must be given (KEYS or KEYS_AND_VALUES)");
            }
        }

        public static Spec defaults() {
            return new Spec(16, Terms.KEYS_AND_VALUES);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.SHAW_RELATIVE;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new ShawRelative(this, shape, seed);
        }
    }

    private final Spec spec;
    private final int headDim;
    private final Tensor keyTable;   // (2k+1, HS)
    private final Tensor valueTable; // (2k+1, HS), or null

    public ShawRelative(Spec spec, AttentionShape shape, long seed) {
        this.spec = spec;
        this.headDim = shape.headDim();
        Random random = new Random(seed);
        this.keyTable = parameter("relative_key", randomTable(random), ParamKind.EMBEDDING);
        this.valueTable = spec.terms() == Terms.KEYS_AND_VALUES
                ? parameter("relative_value", randomTable(random), ParamKind.EMBEDDING) : null;
    }

    private Tensor randomTable(Random random) {
        Tensor t = Tensor.zeros(2 * spec.clip() + 1, headDim);
        double std = 1.0 / Math.sqrt(headDim);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextGaussian() * std);
        }
        return t;
    }

    /** The table row of distance d = key − query: clip(d, −k, k) + k. */
    public int bucket(int d) {
        return Math.max(-spec.clip(), Math.min(spec.clip(), d)) + spec.clip();
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.SHAW_RELATIVE;
    }

    @Override
    public Tensor biasScores(Tape tape, Tensor scores, Tensor q, Positions queryPos, Positions keyPos) {
        RelativeLayout layout = layout(scores, queryPos, keyPos);
        return RelativeOps.addQueryKeyTerm(tape, scores, q, keyTable, layout, (float) (1.0 / Math.sqrt(headDim)));
    }

    @Override
    public Tensor mixValues(Tape tape, Tensor out, Tensor probs, Positions queryPos, Positions keyPos) {
        if (valueTable == null) {
            return out;
        }
        return RelativeOps.addValueTerm(tape, out, probs, valueTable, layout(probs, queryPos, keyPos));
    }

    private RelativeLayout layout(Tensor scores, Positions queryPos, Positions keyPos) {
        if (scores.rank() != 4) {
            throw new IllegalArgumentException("Shaw: scores " + scores.shapeString() + " must be (B, NH, T, S)");
        }
        return RelativeLayout.of(queryPos, keyPos, scores.dim(0), scores.dim(2), scores.dim(3), this::bucket, 2 * spec.clip() + 1, 1);
    }

    @Override
    public boolean extrapolates() {
        return true; // distances past k share the clipped embedding
    }

    /** The key term for an all-ones query: Σ_d a^K_(j−i)[d]/√HS for every (query, key). */
    @Override
    public List<Table> pictures(int length) {
        double[] byBucket = new double[2 * spec.clip() + 1];
        for (int r = 0; r < byBucket.length; r++) {
            for (int d = 0; d < headDim; d++) {
                byBucket[r] += keyTable.data()[r * headDim + d];
            }
            byBucket[r] /= Math.sqrt(headDim);
        }
        double[][] v = new double[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                v[i][j] = byBucket[bucket(j - i)];
            }
        }
        return List.of(new Table("Shaw: key term of an all-ones query", "query position", "key position", v));
    }
}
