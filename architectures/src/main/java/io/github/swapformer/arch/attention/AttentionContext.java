package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;

/**
 * What every self-attention layer of one forward pass shares: the stack's positional encoding,
 * the positions of the current tokens, the additive mask (B, 1, T, S) (null: every key visible),
 * an optional recorder of attention maps (null by default), and whether the causal rule applies
 * on top of the mask: query t never sees keys past S − T + t. The causal rule needs no (B, 1, T, S)
 * array, so the streaming kernel keeps memory linear in T; the plain kernel materializes it.
 */
public record AttentionContext(PositionalEncoding encoding, Positions positions, Tensor mask, AttentionRecorder recorder,
                               boolean causal) {

    public AttentionContext(PositionalEncoding encoding, Positions positions, Tensor mask) {
        this(encoding, positions, mask, null, false);
    }

    /** A decoder's context: causal, with no mask array (padding, if any, goes in {@code mask}). */
    public static AttentionContext causal(PositionalEncoding encoding, Positions positions) {
        return new AttentionContext(encoding, positions, null, null, true);
    }

    /** The same context, with every layer reporting its probabilities to {@code r}. */
    public AttentionContext withRecorder(AttentionRecorder r) {
        return new AttentionContext(encoding, positions, mask, r, causal);
    }

    /** The same context with another additive mask (B, 1, T, S), or none. */
    public AttentionContext withMask(Tensor m) {
        return new AttentionContext(encoding, positions, m, recorder, causal);
    }
}
