package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * T5's relative attention bias (Raffel et al. 2020, JMLR 21(140), §2.1; the reference
 * {@code _relative_position_bucket}): a learned scalar per head and bucket of key − query, with
 * exact buckets for small distances and log-spaced ones up to {@code maxDistance}. T5 adds the
 * bias to logits it does not scale by 1/√HS (its query init absorbs the scale); here it is added
 * to the scores as they come, after whatever scale attention used. The table is
 * {@code weight} (numBuckets, NH), Hugging Face's {@code relative_attention_bias.weight}.
 */
public final class T5Bias extends Module implements PositionalEncoding {
    /** One table for the whole stack (T5) or one per layer. */
    public enum Sharing { SHARED_ACROSS_LAYERS, PER_LAYER }

    /**
     * @param numBuckets  buckets (32 in T5), even when bidirectional
     * @param maxDistance distance where the last log bucket starts (128 in T5)
     * @param direction   one- or two-sided buckets
     * @param sharing     whether the architecture builds one instance per stack or per layer
     */
    public record Spec(int numBuckets, int maxDistance, BiasDirection direction, Sharing sharing) implements PositionalSpec {
        public Spec {
            if (numBuckets < 2) {
                throw new IllegalArgumentException("numBuckets " + numBuckets + " must be at least 2");
            }
            if (direction == null || sharing == null) {
                throw new IllegalArgumentException("direction " + direction + " and sharing " + sharing + " must be given");
            }
            if (direction != BiasDirection.UNIDIRECTIONAL && numBuckets % 2 != 0) {
                throw new IllegalArgumentException("numBuckets " + numBuckets + " must be even for a two-sided bias (direction " + direction + ")");
            }
            int exact = (direction == BiasDirection.UNIDIRECTIONAL ? numBuckets : numBuckets / 2) / 2;
            if (maxDistance <= Math.max(exact, 1)) {
                throw new IllegalArgumentException("maxDistance " + maxDistance + " must exceed the " + exact + " exact buckets");
            }
        }

        public static Spec defaults() {
            return new Spec(32, 128, BiasDirection.FOLLOW_MASK, Sharing.SHARED_ACROSS_LAYERS);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.T5_BIAS;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new T5Bias(this, shape, seed);
        }
    }

    private final Spec spec;
    private final boolean bidirectional;
    private final int nHeads;
    private final Tensor weight;

    public T5Bias(Spec spec, AttentionShape shape, long seed) {
        this.spec = spec;
        this.bidirectional = spec.direction().resolve(shape, "T5 bias") == BiasDirection.BIDIRECTIONAL;
        this.nHeads = shape.nHeads();
        Tensor w = Tensor.zeros(spec.numBuckets(), nHeads);
        Random random = new Random(seed);
        double std = 1.0 / Math.sqrt(shape.dModel()); // Hugging Face's T5 init: factor · d_model^−½
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = (float) (random.nextGaussian() * std);
        }
        this.weight = parameter("weight", w, ParamKind.OTHER);
    }

    public Spec spec() {
        return spec;
    }

    public Tensor weight() {
        return weight;
    }

    /**
     * The bucket of {@code relative = key − query}, as T5's reference code computes it (the log in
     * float32, truncated toward zero).
     */
    public static int bucket(int relative, boolean bidirectional, int numBuckets, int maxDistance) {
        int ret = 0;
        int n = -relative;
        int buckets = numBuckets;
        if (bidirectional) {
            buckets /= 2;
            ret += n < 0 ? buckets : 0;
            n = Math.abs(n);
        } else {
            n = Math.max(n, 0);
        }
        int maxExact = buckets / 2;
        if (n < maxExact) {
            return ret + n;
        }
        float ratio = (float) Math.log((float) n / (float) maxExact);
        float scaled = ratio / (float) Math.log((double) maxDistance / maxExact) * (float) (buckets - maxExact);
        return ret + Math.min(maxExact + (int) scaled, buckets - 1);
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.T5_BIAS;
    }

    @Override
    public Tensor biasScores(Tape tape, Tensor scores, Tensor q, Positions queryPos, Positions keyPos) {
        if (scores.rank() != 4 || scores.dim(1) != nHeads) {
            throw new IllegalArgumentException("T5 bias: scores " + scores.shapeString() + " must be (B, " + nHeads + ", T, S)");
        }
        RelativeLayout layout = RelativeLayout.of(queryPos, keyPos, scores.dim(0), scores.dim(2), scores.dim(3),
                d -> bucket(d, bidirectional, spec.numBuckets(), spec.maxDistance()), spec.numBuckets(), nHeads);
        return RelativeOps.addHeadBias(tape, scores, weight, layout);
    }

    @Override
    public boolean extrapolates() {
        return true; // every distance past maxDistance shares the last bucket
    }

    /** The bias of every (query, key) pair, one table per head. */
    @Override
    public List<Table> pictures(int length) {
        List<Table> out = new ArrayList<>();
        for (int h = 0; h < nHeads; h++) {
            double[][] v = new double[length][length];
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    v[i][j] = weight.data()[bucket(j - i, bidirectional, spec.numBuckets(), spec.maxDistance()) * nHeads + h];
                }
            }
            out.add(new Table("T5 bias, head " + h, "query position", "key position", v));
        }
        return out;
    }
}
