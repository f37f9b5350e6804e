package io.github.swapformer.experiments.study;

/**
 * The size of every model in a study: width, depth, heads, FFN hidden width (0: the FFN kind's
 * default) and residual/attention dropout.
 */
public record ModelSize(int dModel, int nLayers, int nHeads, int ffnHidden, double dropout) {
    public ModelSize {
        if (dModel < 1 || nLayers < 1 || nHeads < 1) {
            throw new SpecException("model: d_model " + dModel + ", n_layers " + nLayers + " and n_heads " + nHeads
                    + " must all be at least 1");
        }
        if (dModel % nHeads != 0) {
            throw new SpecException("model: d_model " + dModel + " is not divisible by n_heads " + nHeads);
        }
        if (ffnHidden < 0) {
            throw new SpecException("model: ffn_hidden " + ffnHidden + " must be >= 0 (0: the FFN kind's default)");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new SpecException("model: dropout " + dropout + " must be in [0, 1)");
        }
    }
}
