package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * xPos (Sun et al. 2022, "A Length-Extrapolatable Transformer", arXiv 2212.10554, §3.2): RoPE with
 * adjacent pairs whose pair i is also scaled, queries by ζ_i^(m/scaleBase) and keys by
 * ζ_i^(−n/scaleBase), with ζ_i = (2i/d + γ)/(1 + γ); the score then decays as ζ^((m−n)/scaleBase)
 * and still depends only on m − n. As in torchscale's reference code (γ = 0.4, scaleBase = 512),
 * but positions are used as given rather than re-centred per call, so that queries and keys rotated
 * in different calls (KV cache) agree; very long positions (≳ 30 000) under/overflow float32.
 * Fixed: no parameters. The usual 1/√HS scale applies.
 */
public final class XPos implements PositionalEncoding {
    /**
     * @param base      θ base (10000)
     * @param gamma     γ of ζ_i = (2i/d + γ)/(1 + γ) (0.4)
     * @param scaleBase positions per unit of decay exponent (512)
     */
    public record Spec(double base, double gamma, double scaleBase) implements PositionalSpec {
        public Spec {
            if (!(base > 1) || Double.isInfinite(base)) {
                throw new IllegalArgumentException("base " + base + " must be a finite number > 1");
            }
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("gamma " + gamma + " must be a finite number > 0");
            }
            if (!(scaleBase > 0) || Double.isInfinite(scaleBase)) {
                throw new IllegalArgumentException("scaleBase " + scaleBase + " must be a finite number > 0");
            }
        }

        public static Spec defaults() {
            return new Spec(10000, 0.4, 512);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.XPOS;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new XPos(this, shape);
        }
    }

    private final Spec spec;
    private final int headDim;
    private final double[] invFreq;
    private final double[] zeta;
    private RotaryTable queryTable; // guarded by this
    private RotaryTable keyTable;   // guarded by this

    public XPos(Spec spec, AttentionShape shape) {
        if (shape.headDim() % 2 != 0) {
            throw new IllegalArgumentException("xPos needs an even headDim, got " + shape.headDim());
        }
        this.spec = spec;
        this.headDim = shape.headDim();
        int half = headDim / 2;
        this.invFreq = new double[half];
        this.zeta = new double[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = Math.pow(spec.base(), -2.0 * i / headDim);
            zeta[i] = (2.0 * i / headDim + spec.gamma()) / (1 + spec.gamma());
        }
        tables(shape.maxPositions() - 1);
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.XPOS;
    }

    @Override
    public Tensor rotateQueries(Tape tape, Tensor q, Positions pos) {
        return rotate(tape, q, pos, true);
    }

    @Override
    public Tensor rotateKeys(Tape tape, Tensor k, Positions pos) {
        return rotate(tape, k, pos, false);
    }

    private Tensor rotate(Tape tape, Tensor x, Positions pos, boolean query) {
        String what = query ? "queries" : "keys";
        if (x.rank() != 4 || x.dim(3) != headDim) {
            throw new IllegalArgumentException("xPos " + what + " " + x.shapeString() + " must be (B, H, T, " + headDim + ")");
        }
        int[] rows = pos.flat(x.dim(0), x.dim(2), "xPos " + what + " " + x.shapeString());
        double exponent = (query ? 1 : -1) / spec.scaleBase();
        if (pos.max() >= RotaryTable.CACHED_POSITIONS) {
            RotaryTable far = RotaryTable.ofTokens(RotaryPairing.ADJACENT, headDim, rows, invFreq, 1, zeta, exponent);
            return Rotary.apply(tape, x, far, rows);
        }
        RotaryTable[] t = tables(pos.max());
        return Rotary.apply(tape, x, query ? t[0] : t[1], rows);
    }

    private synchronized RotaryTable[] tables(int maxPosition) {
        int needed = Math.max(maxPosition + 1, 1);
        if (queryTable == null || queryTable.rows() < needed) {
            int rows = Math.max(needed, queryTable == null ? 0 : 2 * queryTable.rows());
            double e = 1.0 / spec.scaleBase();
            queryTable = RotaryTable.ofPositions(RotaryPairing.ADJACENT, headDim, rows, invFreq, 1, zeta, e);
            keyTable = RotaryTable.ofPositions(RotaryPairing.ADJACENT, headDim, rows, invFreq, 1, zeta, -e);
        }
        return new RotaryTable[] {queryTable, keyTable};
    }

    @Override
    public boolean extrapolates() {
        return true;
    }

    /** q = k = all ones: score of (query i, key j) / head size, with the decay (future keys grow). */
    @Override
    public List<Table> pictures(int length) {
        float[] ones = new float[headDim];
        Arrays.fill(ones, 1f);
        RotaryTable[] t = tables(length - 1);
        double[][] v = new double[length][length];
        for (int i = 0; i < length; i++) {
            float[] qi = rotateOne(t[0], ones, i);
            for (int j = 0; j < length; j++) {
                float[] kj = rotateOne(t[1], ones, j);
                double s = 0;
                for (int d = 0; d < headDim; d++) {
                    s += (double) qi[d] * kj[d];
                }
                v[i][j] = s / headDim;
            }
        }
        return List.of(new Table("xPos: score of all-ones q and k / head size", "query position", "key position", v));
    }

    private float[] rotateOne(RotaryTable table, float[] x, int p) {
        float[] out = new float[headDim];
        RotaryKernels.adjacentScalar(out, x, table.cos(), table.sin(), new int[] {p}, 0, 1, 1, 1, headDim, headDim, false);
        return out;
    }
}
