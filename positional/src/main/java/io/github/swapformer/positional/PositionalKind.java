package io.github.swapformer.positional;

import java.util.function.Supplier;

/**
 * The registry of positional encodings: each constant gives its default spec and builds an
 * encoding from a spec. Contract tests and benchmarks iterate over it.
 */
public enum PositionalKind {
    /** No positional information (Kazemnejad et al. 2023, arXiv 2305.19466). */
    NOPE(NoPe.Spec::new),
    /** Fixed sinusoids added to the input (Vaswani et al. 2017). */
    SINUSOIDAL(Sinusoidal.Spec::defaults),
    /** A learned table of absolute positions (GPT-2, BERT). */
    LEARNED_ABSOLUTE(LearnedAbsolute.Spec::defaults),
    /** Learned relative key/value embeddings clipped to ±k (Shaw et al. 2018, arXiv 1803.02155). */
    SHAW_RELATIVE(ShawRelative.Spec::defaults),
    /** Learned per-head bias over log-spaced relative buckets (Raffel et al. 2020, T5). */
    T5_BIAS(T5Bias.Spec::defaults),
    /** Rotary position embedding (Su et al. 2021, arXiv 2104.09864). */
    ROPE(Rope.Spec::defaults),
    /** Linear biases with fixed per-head slopes (Press et al. 2021, arXiv 2108.12409). */
    ALIBI(Alibi.Spec::defaults),
    /** Functional interpolation for relative positions (Li et al. 2023, arXiv 2310.04418). */
    FIRE(Fire.Spec::defaults),
    /** Extrapolatable rotary embedding with exponential decay (Sun et al. 2022, arXiv 2212.10554). */
    XPOS(XPos.Spec::defaults);

    private final Supplier<PositionalSpec> defaults;

    PositionalKind(Supplier<PositionalSpec> defaults) {
        this.defaults = defaults;
    }

    /** The spec of this encoding as its paper uses it. */
    public PositionalSpec defaultSpec() {
        return defaults.get();
    }

    /** Builds an encoding of this kind from {@code spec}, which must be this kind's spec. */
    public PositionalEncoding build(PositionalSpec spec, AttentionShape shape, long seed) {
        if (spec.kind() != this) {
            throw new IllegalArgumentException("spec " + spec + " is for " + spec.kind() + ", not " + this);
        }
        return spec.build(shape, seed);
    }

    /** Builds the default encoding of this kind. */
    public PositionalEncoding build(AttentionShape shape, long seed) {
        return build(defaultSpec(), shape, seed);
    }
}
