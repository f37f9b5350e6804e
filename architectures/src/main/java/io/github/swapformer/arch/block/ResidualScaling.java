package io.github.swapformer.arch.block;

/**
 * How the residual branch is scaled in POST-norm blocks. DeepNorm (Wang et al. 2022, "DeepNet",
 * arXiv 2203.00555, Table 1) up-weights the residual by α = (2N)^¼ for an N-layer decoder-only or
 * encoder-only stack, so that very deep post-norm stacks train stably.
 */
public enum ResidualScaling {
    NONE,
    DEEPNORM;

    /** α for a stack of {@code layers} blocks. */
    public double alpha(int layers) {
        return this == DEEPNORM ? Math.pow(2.0 * layers, 0.25) : 1.0;
    }

    /** β, the gain DeepNorm applies to the initialization of value, output and FFN weights. */
    public double beta(int layers) {
        return this == DEEPNORM ? Math.pow(8.0 * layers, -0.25) : 1.0;
    }
}
