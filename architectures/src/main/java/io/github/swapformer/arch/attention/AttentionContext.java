package io.github.swapformer.arch.attention;

import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;
import io.github.swapformer.core.tensor.Tensor;

/**
 * What every self-attention layer of one forward pass shares: the stack's positional encoding,
 * the positions of the current tokens, and the additive mask (B, 1, T, S).
 */
public record AttentionContext(PositionalEncoding encoding, Positions positions, Tensor mask) {
}
