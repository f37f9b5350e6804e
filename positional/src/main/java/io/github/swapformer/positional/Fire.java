package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * FIRE, functional interpolation for relative positions (Li et al. 2023, arXiv 2310.04418, eq. 5
 * and the paper's reference code): b_h(i, j) = f_θ(ψ(i − j) / ψ(max(L, i)))_h with
 * ψ(x) = ln(|c·x| + 1), a learned c, a learned threshold L = |ℓ·L₀| (progressive interpolation:
 * past L the distances are normalized by the query position), and f_θ a one-hidden-layer ReLU MLP
 * to one bias per head. Added to the scores after the 1/√HS scale. Like the reference, ψ takes
 * |i − j|, so under bidirectional attention FIRE cannot tell keys before the query from keys
 * after it. Parameter names follow the reference module ({@code mlp.0}, {@code mlp.2}, {@code c},
 * {@code L_multiplier}).
 */
public final class Fire extends Module implements PositionalEncoding {
    /**
     * @param mlpWidth hidden width of f_θ (32)
     * @param initC    initial c (0.1)
     * @param initL    L₀, the fixed base of the threshold (0: the attention shape's maxPositions)
     * @param eps      added to the normalizer (1e-6)
     */
    public record Spec(int mlpWidth, double initC, double initL, double eps) implements PositionalSpec {
        public Spec {
            if (mlpWidth < 1) {
                throw new IllegalArgumentException("mlpWidth " + mlpWidth + " must be at least 1");
            }
            if (!(initC > 0) || Double.isInfinite(initC)) {
                throw new IllegalArgumentException("initC " + initC + " must be a finite number > 0");
            }
            if (!(initL >= 0) || Double.isInfinite(initL)) {
                throw new IllegalArgumentException("initL " + initL + " must be a finite number >= 0 (0: maxPositions)");
            }
            if (!(eps > 0)) {
                throw new IllegalArgumentException("eps " + eps + " must be > 0");
            }
        }

        public static Spec defaults() {
            return new Spec(32, 0.1, 0, 1e-6);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.FIRE;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new Fire(this, shape, seed);
        }
    }

    private final Spec spec;
    private final int nHeads;
    private final double baseL;
    private final FireMlp mlp;
    private final Tensor w1;
    private final Tensor b1;
    private final Tensor w2;
    private final Tensor b2;
    private final Tensor c;
    private final Tensor lMultiplier;

    public Fire(Spec spec, AttentionShape shape, long seed) {
        this.spec = spec;
        this.nHeads = shape.nHeads();
        this.baseL = spec.initL() > 0 ? spec.initL() : shape.maxPositions();
        int W = spec.mlpWidth();
        Random random = new Random(seed);
        // PyTorch's nn.Linear default init: U(−1/√fan_in, 1/√fan_in) for weight and bias
        this.w1 = parameter("mlp.0.weight", uniform(random, 1.0, W, 1), ParamKind.OTHER);
        this.b1 = parameter("mlp.0.bias", uniform(random, 1.0, W), ParamKind.OTHER);
        this.w2 = parameter("mlp.2.weight", uniform(random, 1 / Math.sqrt(W), nHeads, W), ParamKind.OTHER);
        this.b2 = parameter("mlp.2.bias", uniform(random, 1 / Math.sqrt(W), nHeads), ParamKind.OTHER);
        this.c = parameter("c", Tensor.of(new float[] {(float) spec.initC()}, 1), ParamKind.OTHER);
        this.lMultiplier = parameter("L_multiplier", Tensor.of(new float[] {1f}, 1), ParamKind.OTHER);
        this.mlp = new FireMlp(w1.data(), b1.data(), w2.data(), b2.data(), W, nHeads);
    }

    private static Tensor uniform(Random random, double bound, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return t;
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.FIRE;
    }

    @Override
    public Tensor biasScores(Tape tape, Tensor scores, Tensor q, Positions queryPos, Positions keyPos) {
        if (scores.rank() != 4 || scores.dim(1) != nHeads) {
            throw new IllegalArgumentException("FIRE: scores " + scores.shapeString() + " must be (B, " + nHeads + ", T, S)");
        }
        int B = scores.dim(0);
        int T = scores.dim(2);
        int S = scores.dim(3);
        FireGeometry geo = new FireGeometry(mlp, c.data()[0], lMultiplier.data()[0], baseL, spec.eps(),
                queryPos.flat(B, T, "FIRE queries"), keyPos.flat(B, S, "FIRE keys"), B, T, S);
        Tensor out = tape.output(scores.shape(), scores, w1, b1, w2, b2, c, lMultiplier);
        FireKernels.forward(out.data(), scores.data(), geo, tape.pool());
        if (tape.needsGrad(scores, w1, b1, w2, b2, c, lMultiplier)) {
            tape.record(() -> {
                if (scores.requiresGrad()) {
                    float[] g = scores.grad();
                    float[] dy = out.grad();
                    for (int i = 0; i < g.length; i++) {
                        g[i] += dy[i];
                    }
                }
                double[] grads = FireKernels.backward(out.grad(), geo, tape.pool());
                scatterGrads(grads);
            });
        }
        return out;
    }

    private void scatterGrads(double[] grads) {
        int o = 0;
        for (Tensor t : new Tensor[] {w1, b1, w2, b2}) {
            float[] g = t.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] += (float) grads[o++];
            }
        }
        c.grad()[0] += (float) grads[o];
        lMultiplier.grad()[0] += (float) grads[o + 1];
    }

    @Override
    public boolean extrapolates() {
        return true; // past L, distances are normalized by the query position: inputs stay in [0, 1]
    }

    /** The bias of every (query, key) pair at positions 0…length−1, one table per head. */
    @Override
    public List<Table> pictures(int length) {
        float[] scores = new float[nHeads * length * length];
        int[] pos = new int[length];
        for (int p = 0; p < length; p++) {
            pos[p] = p;
        }
        FireGeometry geo = new FireGeometry(mlp, c.data()[0], lMultiplier.data()[0], baseL, spec.eps(), pos, pos, 1, length, length);
        FireKernels.forwardRows(scores, new float[scores.length], geo, 0, length);
        List<Table> out = new ArrayList<>();
        for (int h = 0; h < nHeads; h++) {
            double[][] v = new double[length][length];
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    v[i][j] = scores[(h * length + i) * length + j];
                }
            }
            out.add(new Table("FIRE bias, head " + h, "query position", "key position", v));
        }
        return out;
    }
}
