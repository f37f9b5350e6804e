package io.github.swapformer.arch.attention;

import io.github.swapformer.core.kernel.DropoutKernels;

/**
 * What the streaming kernel needs besides its buffers: queries (B, NH, T, HS) over the keys and
 * values of {@code kv}, the score scale, the additive mask (B, 1, T, S) or null, whether the mask
 * multiplies the probabilities ({@link MaskMode#MULTIPLICATIVE}) instead of adding to the scores,
 * and the attention dropout (p = 0: none) with the seed of its counter-based mask, whose flat
 * index is that of the (B, NH, T, S) probabilities, as in the plain kernel. A causal offset
 * c ≥ 0 also hides keys j &gt; t + c from query t without any mask array (c = S − T; −1: none).
 */
record StreamGeometry(int B, int NH, int T, int HS, KeyValues kv, float scale, float[] mask,
                      boolean multiplicative, float dropout, long seed, int causalOffset) {
    static final int NOT_CAUSAL = -1;

    /** The end of the keys of [j0, j1) that row r may see: j1, or less under the causal rule. */
    int visibleEnd(int r, int j1) {
        return causalOffset < 0 ? j1 : Math.min(j1, r % T + causalOffset + 1);
    }

    int S() {
        return kv.length();
    }

    int rows() {
        return B * NH * T;
    }

    int groups() {
        return NH / kv.heads();
    }

    /** Offset of the first key/value row that score row r reads. */
    int kvBase(int r) {
        return kv.base(r / (NH * T), ((r / T) % NH) / groups());
    }

    /** Offset of row r's mask row, or −1 without a mask; a mask of T·S values is shared by every batch row. */
    int maskRow(int r) {
        if (mask == null) {
            return -1;
        }
        int b = mask.length == T * kv.length() ? 0 : r / (NH * T);
        return (b * T + r % T) * kv.length();
    }

    /** The additive mask term of (row, key j): 0 unless the mask adds to the scores. */
    float additive(int maskRow, int j) {
        return maskRow < 0 || multiplicative ? 0f : mask[maskRow + j];
    }

    /** Whether any probability is weighted (a multiplicative mask or dropout); if not, every weight is 1. */
    boolean weighted() {
        return (mask != null && multiplicative) || dropout > 0f;
    }

    /** The factor the probability of (row r, key j) is multiplied by: exp(mask) and dropout's 1/(1 − p) or 0. */
    float weight(int r, int maskRow, int j) {
        float w = maskRow >= 0 && multiplicative ? (float) Math.exp(mask[maskRow + j]) : 1f;
        if (dropout > 0f) {
            w = DropoutKernels.kept(seed, dropout, r * kv.length() + j) ? w * (1f / (1f - dropout)) : 0f;
        }
        return w;
    }
}
