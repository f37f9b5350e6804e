package io.github.swapformer.positional;

/**
 * Context-extension scaling of RoPE frequencies, as Hugging Face's {@code modeling_rope_utils}
 * computes them. {@code factor} s is the extension ratio; {@code originalMaxPositions} the
 * pre-training length (0: the attention shape's {@code maxPositions}).
 *
 * <ul>
 *   <li>LINEAR — position interpolation (Chen et al. 2023, arXiv 2306.15595): θ_i / s.
 *   <li>NTK — NTK-aware base scaling (bloc97 2023): base · s^(d/(d−2)).
 *   <li>DYNAMIC_NTK — the NTK base recomputed from the current length L when L exceeds the original:
 *       base · (s·L/L₀ − (s−1))^(d/(d−2)).
 *   <li>YARN — Peng et al. 2023 (arXiv 2309.00071): per frequency, a linear ramp between
 *       interpolation (θ/s) and extrapolation (θ) over the dimensions whose number of rotations in
 *       L₀ lies between betaSlow and betaFast, and cos/sin multiplied by the attention factor
 *       0.1·ln(s) + 1 (so the logits are scaled by its square, as in the reference code).
 * </ul>
 */
public record RopeScaling(Kind kind, double factor, int originalMaxPositions, double betaFast, double betaSlow) {
    /** The scaling methods. */
    public enum Kind { NONE, LINEAR, NTK, DYNAMIC_NTK, YARN }

    public RopeScaling {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null; use Kind.NONE for plain RoPE");
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor " + factor + " must be a finite number >= 1");
        }
        if (originalMaxPositions < 0) {
            throw new IllegalArgumentException("originalMaxPositions " + originalMaxPositions + " must be >= 0 (0: the model's maxPositions)");
        }
        if (!(betaFast > betaSlow) || !(betaSlow > 0)) {
            throw new IllegalArgumentException("betaFast " + betaFast + " must exceed betaSlow " + betaSlow + ", both > 0");
        }
    }

    public static RopeScaling none() {
        return new RopeScaling(Kind.NONE, 1.0, 0, 32, 1);
    }

    public static RopeScaling linear(double factor) {
        return new RopeScaling(Kind.LINEAR, factor, 0, 32, 1);
    }

    public static RopeScaling ntk(double factor) {
        return new RopeScaling(Kind.NTK, factor, 0, 32, 1);
    }

    public static RopeScaling dynamicNtk(double factor, int originalMaxPositions) {
        return new RopeScaling(Kind.DYNAMIC_NTK, factor, originalMaxPositions, 32, 1);
    }

    /** YaRN with the paper's β = 32, α = 1. */
    public static RopeScaling yarn(double factor, int originalMaxPositions) {
        return new RopeScaling(Kind.YARN, factor, originalMaxPositions, 32, 1);
    }

    /** Whether the frequencies depend on the current sequence length. */
    public boolean isDynamic() {
        return kind == Kind.DYNAMIC_NTK;
    }

    /** The multiplier of cos and sin (YaRN's attention temperature; 1 otherwise). */
    public double attentionFactor() {
        return kind == Kind.YARN && factor > 1 ? 0.1 * Math.log(factor) + 1.0 : 1.0;
    }

    /**
     * The inverse frequencies θ_i (i < rotDim/2) for a sequence of {@code seqLen} positions, with
     * {@code original} the pre-training length.
     */
    public double[] inverseFrequencies(double base, int rotDim, int seqLen, int original) {
        int half = rotDim / 2;
        double exponent = (double) rotDim / (rotDim - 2);
        double b = switch (kind) {
            case NTK -> base * Math.pow(factor, exponent);
            case DYNAMIC_NTK -> seqLen > original
                    ? base * Math.pow(factor * seqLen / original - (factor - 1), exponent) : base;
            default -> base;
        };
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = Math.pow(b, -2.0 * i / rotDim);
        }
        if (kind == Kind.LINEAR) {
            for (int i = 0; i < half; i++) {
                inv[i] /= factor;
            }
        } else if (kind == Kind.YARN) {
            yarnBlend(inv, base, rotDim, original);
        }
        return inv;
    }

    private void yarnBlend(double[] inv, double base, int rotDim, int original) {
        double low = Math.max(Math.floor(correctionDim(betaFast, rotDim, base, original)), 0);
        double high = Math.min(Math.ceil(correctionDim(betaSlow, rotDim, base, original)), rotDim - 1);
        if (low == high) {
            high += 0.001; // the reference code's guard against a zero-width ramp
        }
        for (int i = 0; i < inv.length; i++) {
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double extrapolation = 1 - ramp; // 1 for fast (high-frequency) dims: keep θ
            inv[i] = (inv[i] / factor) * (1 - extrapolation) + inv[i] * extrapolation;
        }
    }

    /** The dimension index whose frequency makes {@code rotations} turns over {@code original} positions. */
    private static double correctionDim(double rotations, int rotDim, double base, int original) {
        return rotDim * Math.log(original / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }
}
