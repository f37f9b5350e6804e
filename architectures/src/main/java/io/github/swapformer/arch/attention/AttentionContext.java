package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;

/**
 * What every self-attention layer of one forward pass shares: the stack's positional encoding,
 * the positions of the current tokens, the additive mask (B, 1, T, S) (null: every key visible),
 * and an optional recorder of attention maps (null by default).
 */
public record AttentionContext(PositionalEncoding encoding, Positions positions, Tensor mask, AttentionRecorder recorder) {

    public AttentionContext(PositionalEncoding encoding, Positions positions, Tensor mask) {
        this(encoding, positions, mask, null);
    }

    /** The same context, with every layer reporting its probabilities to {@code r}. */
    public AttentionContext withRecorder(AttentionRecorder r) {
        return new AttentionContext(encoding, positions, mask, r);
    }
}
