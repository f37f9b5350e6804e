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
    SWIGLU(Activation.SILU, true);

    private final Activation activation;
    private final boolean gated;

    FfnKind(Activation activation, boolean gated) {
        this.activation = activation;
        this.gated = gated;
    }

    public boolean gated() {
        return gated;
    }

    /** The activation, with GELU in the form the spec asks for. */
    public Activation activation(FfnSpec spec) {
        return activation == Activation.GELU ? spec.gelu() : activation;
    }

    /**
     * The default hidden width for model width d: 4d for the MLP; for gated units ⅔·4d rounded up to
     * a multiple of {@code multipleOf}, so that the three matrices hold as many parameters as the MLP's two.
     */
    public int defaultHidden(int dModel, int multipleOf) {
        if (!gated) {
            return 4 * dModel;
        }
        int h = (int) Math.ceil(2.0 * 4 * dModel / 3.0);
        return ((h + multipleOf - 1) / multipleOf) * multipleOf;
    }

    /** A new network of this kind for model width {@code dModel}. */
    public Layer create(FfnSpec spec, int dModel) {
        int hidden = spec.hidden() > 0 ? spec.hidden() : defaultHidden(dModel, spec.multipleOf());
        return gated ? new GatedFfn(dModel, hidden, activation(spec), spec.bias())
                : new Mlp(dModel, hidden, activation(spec), spec.bias());
    }
}
