package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.ops.Activation;

/**
 * A feed-forward network: its kind, hidden width (0: the kind's default, see
 * {@link FfnKind#defaultHidden}), the multiple that default is rounded to, whether its linear maps
 * have biases, and which GELU the GELU-based kinds use (exact erf or GPT-2's tanh approximation).
 */
public record FfnSpec(FfnKind kind, int hidden, int multipleOf, boolean bias, Activation gelu) {
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
    }

    /** The kind with default width, rounded to multiples of 8, with biases and exact GELU. */
    public static FfnSpec of(FfnKind kind) {
        return new FfnSpec(kind, 0, 8, true, Activation.GELU);
    }

    public FfnSpec withHidden(int h) {
        return new FfnSpec(kind, h, multipleOf, bias, gelu);
    }

    public FfnSpec withMultipleOf(int m) {
        return new FfnSpec(kind, hidden, m, bias, gelu);
    }

    public FfnSpec withBias(boolean b) {
        return new FfnSpec(kind, hidden, multipleOf, b, gelu);
    }

    public FfnSpec withGelu(Activation g) {
        return new FfnSpec(kind, hidden, multipleOf, bias, g);
    }
}
