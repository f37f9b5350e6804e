package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.ops.Activation;

/**
 * The feed-forward variants: the two-layer MLP and the gated linear units of Shazeer 2020
 * ("GLU Variants Improve Transformer", arXiv 2002.05202), where FFN(x) = (act(x·W) ⊙ x·V)·W₂.
 */
public enum FfnKind {
    MLP_RELU(Activation.RELU, false),
    MLP_GELU(Activation.GELU, false),
    GLU(Activation.SIGMOID, true),
    REGLU(Activation.RELU, true),
    GEGLU(Activation.GELU, true),
    SWIGLU(Activation.SILU, true),
    /** E experts of another kind behind a top-k router; its spec carries a {@link MoeSpec}. */
    MOE(null, false);

    private final Activation activation;
    private final boolean gated;

    FfnKind(Activation activation, boolean gated) {
        this.activation = activation;
        this.gated = gated;
    }

    public boolean gated() {
        return gated;
    }

    /** The activation, with GELU in the form the spec asks for; MOE's is its experts'. */
    public Activation activation(FfnSpec spec) {
        if (this == MOE) {
            return spec.moe().expertKind().activation(spec);
        }
        return activation == Activation.GELU ? spec.gelu() : activation;
    }

    /**
     * The default hidden width for model width d: 4d for the MLP; for gated units ⅔·4d rounded up to
     * a multiple of {@code multipleOf}, so that the three matrices hold as many parameters as the MLP's two.
     * MOE has none of its own: its experts' kind decides ({@link FfnSpec#hiddenWidth}).
     */
    public int defaultHidden(int dModel, int multipleOf) {
        if (this == MOE) {
            throw new IllegalArgumentException("ffn kind MOE has no default hidden width of its own; its expert kind's applies");
        }
        if (!gated) {
            return 4 * dModel;
        }
        int h = (int) Math.ceil(2.0 * 4 * dModel / 3.0);
        return ((h + multipleOf - 1) / multipleOf) * multipleOf;
    }

    /** A new network of this kind for model width {@code dModel}. */
    public Layer create(FfnSpec spec, int dModel) {
        if (spec.kind() != this) {
            throw new IllegalArgumentException("ffn kind " + this + " cannot build a spec of kind " + spec.kind());
        }
        if (this == MOE) {
            return new MixtureOfExperts(spec, dModel);
        }
        int hidden = spec.hiddenWidth(dModel);
        return gated ? new GatedFfn(dModel, hidden, activation(spec), spec.bias())
                : new Mlp(dModel, hidden, activation(spec), spec.bias());
    }
}
