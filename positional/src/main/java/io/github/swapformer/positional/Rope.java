package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Rotary position embedding (Su et al. 2021, RoFormer, arXiv 2104.09864, eq. 34): each pair of
 * query and key dimensions is rotated by position·θ_i with θ_i = base^(−2i/d), so that q_m·k_n
 * depends only on m − n. The scores keep the usual 1/√HS scale; nothing is added to them.
 * Optional partial rotary (the first {@code rotaryFraction} of each head, GPT-NeoX), both pairing
 * conventions and the context-extension scalings of {@link RopeScaling}. Fixed: no parameters.
 */
public final class Rope implements PositionalEncoding {
    /**
     * @param base           θ base (10000 in RoFormer and LLaMA)
     * @param rotaryFraction fraction of each head that is rotated, in (0, 1]
     * @param pairing        which dimensions form a rotating pair
     * @param scaling        context extension (NONE for plain RoPE)
     */
    public record Spec(double base, double rotaryFraction, RotaryPairing pairing, RopeScaling scaling) implements PositionalSpec {
        public Spec {
            if (!(base > 1) || Double.isInfinite(base)) {
                throw new IllegalArgumentException("base " + base + " must be a finite number > 1");
            }
            if (!(rotaryFraction > 0 && rotaryFraction <= 1)) {
                throw new IllegalArgumentException("rotaryFraction " + rotaryFraction + " must be in (0, 1]");
            }
            if (pairing == null || scaling == null) {
                throw new IllegalArgumentException("pairing and scaling must be given (pairing " + pairing + ", scaling " + scaling + ")");
            }
        }

        public static Spec defaults() {
            return new Spec(10000, 1.0, RotaryPairing.ROTATE_HALF, RopeScaling.none());
        }

        public Spec withScaling(RopeScaling s) {
            return new Spec(base, rotaryFraction, pairing, s);
        }

        public Spec withPairing(RotaryPairing p) {
            return new Spec(base, rotaryFraction, p, scaling);
        }

        public Spec withRotaryFraction(double f) {
            return new Spec(base, f, pairing, scaling);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.ROPE;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new Rope(this, shape);
        }
    }

    private final Spec spec;
    private final int headDim;
    private final int rotDim;
    private final int original;
    private RotaryTable cache; // guarded by this
    private int cacheLength;   // the sequence length the dynamic frequencies were computed for

    public Rope(Spec spec, AttentionShape shape) {
        this.spec = spec;
        this.headDim = shape.headDim();
        this.rotDim = 2 * (int) Math.floor(headDim * spec.rotaryFraction() / 2 + 1e-9);
        if (rotDim < 2) {
            throw new IllegalArgumentException("rotaryFraction " + spec.rotaryFraction() + " of headDim " + headDim
                    + " rotates fewer than 2 dimensions");
        }
        this.original = spec.scaling().originalMaxPositions() > 0 ? spec.scaling().originalMaxPositions() : shape.maxPositions();
    }

    public Spec spec() {
        return spec;
    }

    /** Number of rotated dimensions per head (even). */
    public int rotDim() {
        return rotDim;
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.ROPE;
    }

    @Override
    public Tensor rotateQueries(Tape tape, Tensor q, Positions pos) {
        return rotate(tape, q, pos, "queries");
    }

    @Override
    public Tensor rotateKeys(Tape tape, Tensor k, Positions pos) {
        return rotate(tape, k, pos, "keys");
    }

    private Tensor rotate(Tape tape, Tensor x, Positions pos, String what) {
        if (x.rank() != 4 || x.dim(3) != headDim) {
            throw new IllegalArgumentException("RoPE " + what + " " + x.shapeString() + " must be (B, H, T, " + headDim + ")");
        }
        int[] rows = pos.flat(x.dim(0), x.dim(2), "RoPE " + what + " " + x.shapeString());
        int max = pos.max();
        if (max < RotaryTable.CACHED_POSITIONS) {
            return Rotary.apply(tape, x, tableFor(max), rows);
        }
        RotaryTable table = RotaryTable.ofTokens(spec.pairing(), rotDim, rows, inverseFrequencies(max + 1),
                spec.scaling().attentionFactor(), null, 0);
        return Rotary.apply(tape, x, table, rows);
    }

    private double[] inverseFrequencies(int seqLen) {
        int length = spec.scaling().isDynamic() ? Math.max(seqLen, original) : 0;
        return spec.scaling().inverseFrequencies(spec.base(), rotDim, length, original);
    }

    /**
     * The cos/sin table covering positions 0…maxPosition. Static scalings grow one cached table;
     * dynamic NTK recomputes the frequencies for the current length maxPosition + 1 (as Hugging
     * Face does per call), so queries and keys of one call must share their positions' maximum.
     */
    synchronized RotaryTable tableFor(int maxPosition) {
        int needed = Math.max(maxPosition + 1, 1);
        int length = spec.scaling().isDynamic() ? Math.max(needed, original) : 0;
        if (cache == null || cache.rows() < needed || length != cacheLength) {
            int rows = spec.scaling().isDynamic() ? needed : Math.max(needed, Math.max(original, cache == null ? 0 : 2 * cache.rows()));
            cache = RotaryTable.ofPositions(spec.pairing(), rotDim, rows, inverseFrequencies(needed),
                    spec.scaling().attentionFactor(), null, 0);
            cacheLength = length;
        }
        return cache;
    }

    /** The score q_m·k_n of one head vector pair after rotation (no 1/√HS scale). */
    public double score(float[] q, int m, float[] k, int n) {
        float[] qr = rotateOne(q, m);
        float[] kr = rotateOne(k, n);
        double s = 0;
        for (int d = 0; d < headDim; d++) {
            s += (double) qr[d] * kr[d];
        }
        return s;
    }

    private float[] rotateOne(float[] x, int p) {
        if (x.length != headDim) {
            throw new IllegalArgumentException("head vector has " + x.length + " values, headDim is " + headDim);
        }
        Tensor t = Tensor.of(x.clone(), 1, 1, 1, headDim);
        RotaryTable table = tableFor(p);
        float[] out = new float[headDim];
        int[] rows = {p};
        if (spec.pairing() == RotaryPairing.ADJACENT) {
            RotaryKernels.adjacentScalar(out, t.data(), table.cos(), table.sin(), rows, 0, 1, 1, 1, headDim, rotDim, false);
        } else {
            RotaryKernels.halfScalar(out, t.data(), table.cos(), table.sin(), rows, 0, 1, 1, 1, headDim, rotDim, false);
        }
        return out;
    }

    /** The score between fixed q and k (query at distance m after the key at 0), m = 0…maxDistance. */
    public Table scoreByDistance(float[] q, float[] k, int maxDistance) {
        double[] s = new double[maxDistance + 1];
        for (int m = 0; m <= maxDistance; m++) {
            s[m] = score(q, m, k, 0);
        }
        return Table.ofRow("RoPE score q_m·k_0 against distance m", "distance", s);
    }

    @Override
    public boolean extrapolates() {
        return true;
    }

    /** q = k = all ones: the score of (query i, key j) divided by the head size; 1 on the diagonal. */
    @Override
    public List<Table> pictures(int length) {
        float[] ones = new float[headDim];
        Arrays.fill(ones, 1f);
        double[][] v = new double[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                v[i][j] = score(ones, i, ones, j) / headDim;
            }
        }
        return List.of(new Table("RoPE: score of all-ones q and k / head size", "query position", "key position", v));
    }
}
