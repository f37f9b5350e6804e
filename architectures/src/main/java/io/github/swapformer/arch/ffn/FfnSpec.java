package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.ops.Activation;

/**
 * A feed-forward network: its kind, hidden width (0: the kind's default, see
 * {@link FfnKind#defaultHidden}), the multiple that default is rounded to, whether its linear maps
 * have biases, and which GELU the GELU-based kinds use (exact erf or GPT-2's tanh approximation).
 * For a Mixture of Experts ({@link FfnKind#MOE}) those four describe each expert and {@code moe}
 * holds the routing; every other kind has {@code moe == null}.
 */
public record FfnSpec(FfnKind kind, int hidden, int multipleOf, boolean bias, Activation gelu, MoeSpec moe) {
    public FfnSpec {
        if (kind == null) {
            throw new IllegalArgumentException("ffn kind is missing");
        }
        if (hidden < 0) {
            throw new IllegalArgumentException("ffn hidden width " + hidden + " is negative (0 means the kind's default)");
        }
        if (multipleOf < 1) {
            throw new IllegalArgumentException("ffn multiple_of " + multipleOf + " must be at least 1");
        }
        if (gelu != Activation.GELU && gelu != Activation.GELU_TANH) {
            throw new IllegalArgumentException("ffn gelu form " + gelu + " is not GELU or GELU_TANH");
        }
        if ((kind == FfnKind.MOE) != (moe != null)) {
            throw new IllegalArgumentException("ffn kind " + kind + (moe == null
                    ? " needs a MoeSpec (use FfnSpec.moe(...))" : " takes no MoeSpec; only MOE does"));
        }
    }

    /** A spec of a non-MoE kind (the form before Mixture of Experts existed). */
    public FfnSpec(FfnKind kind, int hidden, int multipleOf, boolean bias, Activation gelu) {
        this(kind, hidden, multipleOf, bias, gelu, null);
    }

    /**
     * The kind with default width, rounded to multiples of 8, with biases and exact GELU; for MOE,
     * {@link MoeSpec#defaults()}, so that every kind has a spec to build.
     */
    public static FfnSpec of(FfnKind kind) {
        return kind == FfnKind.MOE ? moe(MoeSpec.defaults()) : new FfnSpec(kind, 0, 8, true, Activation.GELU);
    }

    /** A Mixture of Experts whose experts have their kind's default width, biases and exact GELU. */
    public static FfnSpec moe(MoeSpec moe) {
        return new FfnSpec(FfnKind.MOE, 0, 8, true, Activation.GELU, moe);
    }

    /** The spec of one expert of a MOE spec: its expert kind with this spec's widths, biases and GELU. */
    public FfnSpec expert() {
        if (moe == null) {
            throw new IllegalStateException("ffn kind " + kind + " has no experts");
        }
        return new FfnSpec(moe.expertKind(), hidden, multipleOf, bias, gelu);
    }

    /** The hidden width for model width {@code dModel}: the given one, else the (expert) kind's default. */
    public int hiddenWidth(int dModel) {
        if (hidden > 0) {
            return hidden;
        }
        return (moe != null ? moe.expertKind() : kind).defaultHidden(dModel, multipleOf);
    }

    /**
     * Learned values for model width d and hidden width h: MLP 2·d·h (+ h + d biases), gated units
     * 3·d·h (+ 2h + d), MoE E experts plus the d·E router (no bias).
     */
    public long parameterCount(int dModel) {
        long d = dModel;
        long h = hiddenWidth(dModel);
        if (moe != null) {
            return moe.experts() * expert().parameterCount(dModel) + d * moe.experts();
        }
        if (kind.gated()) {
            return 3 * d * h + (bias ? 2 * h + d : 0);
        }
        return 2 * d * h + (bias ? h + d : 0);
    }

    /**
     * Learned values one token passes through: all of them for a dense FFN; for a MoE the router and
     * k of its E experts (Mixtral's "active parameters").
     */
    public long activeParameterCount(int dModel) {
        if (moe == null) {
            return parameterCount(dModel);
        }
        return moe.topK() * expert().parameterCount(dModel) + (long) dModel * moe.experts();
    }

    public FfnSpec withHidden(int h) {
        return new FfnSpec(kind, h, multipleOf, bias, gelu, moe);
    }

    public FfnSpec withMultipleOf(int m) {
        return new FfnSpec(kind, hidden, m, bias, gelu, moe);
    }

    public FfnSpec withBias(boolean b) {
        return new FfnSpec(kind, hidden, multipleOf, b, gelu, moe);
    }

    public FfnSpec withGelu(Activation g) {
        return new FfnSpec(kind, hidden, multipleOf, bias, g, moe);
    }

    /** A copy with other routing; only for a MOE spec. */
    public FfnSpec withMoe(MoeSpec m) {
        return new FfnSpec(kind, hidden, multipleOf, bias, gelu, m);
    }
}
