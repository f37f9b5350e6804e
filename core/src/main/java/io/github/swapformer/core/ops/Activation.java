package io.github.swapformer.core.ops;

/**
 * The pointwise activations a feed-forward variant can pick by value; {@link Activations#apply}
 * runs one with its backward.
 */
public enum Activation {
    /** max(0, x) (Nair &amp; Hinton 2010). */
    RELU,
    /** Exact GELU x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (arXiv:1606.08415; BERT, PyTorch default). */
    GELU,
    /** GELU's tanh approximation, GPT-2's {@code gelu_new} (arXiv:1606.08415, eq. in §2). */
    GELU_TANH,
    /** SiLU / Swish x·σ(x) (arXiv:1702.03118, arXiv:1710.05941); the gate of SwiGLU. */
    SILU,
    /** The logistic σ(x) = 1 / (1 + e^−x). */
    SIGMOID
}
