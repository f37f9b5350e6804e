package io.github.swapformer.positional;

/**
 * Which dimensions of a head a rotary encoding rotates together. The two conventions give the
 * same scores once the head dimensions are permuted: ROTATE_HALF on
 * {@code [x0, x2, x4, …, x1, x3, x5, …]} equals ADJACENT on {@code [x0, x1, x2, …]}, permuted the
 * same way (see {@link #toRotateHalfOrder}).
 */
public enum RotaryPairing {
    /** Pairs (2i, 2i+1), as in RoFormer, GPT-J, xPos (torchscale's rotate_every_two). */
    ADJACENT,
    /** Pairs (i, i + d/2), as in GPT-NeoX and Hugging Face LLaMA's rotate_half. */
    ROTATE_HALF;

    /** The dimension rotated together with {@code d}, among the first {@code rotDim} dimensions. */
    public int partner(int d, int rotDim) {
        if (this == ADJACENT) {
            return d ^ 1;
        }
        int half = rotDim / 2;
        return d < half ? d + half : d - half;
    }

    /** The frequency index of dimension {@code d}. */
    public int frequency(int d, int rotDim) {
        return this == ADJACENT ? d / 2 : d % (rotDim / 2);
    }

    /** Whether {@code d} is the first of its pair (the one that gets −sin·partner). */
    public boolean isFirst(int d, int rotDim) {
        return this == ADJACENT ? (d & 1) == 0 : d < rotDim / 2;
    }

    /**
     * The permutation that turns an ADJACENT head vector into its ROTATE_HALF twin: the rotated
     * part {@code [x0, x1, x2, x3, …]} becomes {@code [x0, x2, …, x1, x3, …]}; the rest stays.
     */
    public static float[] toRotateHalfOrder(float[] x, int offset, int headDim, int rotDim) {
        float[] out = new float[headDim];
        int half = rotDim / 2;
        for (int i = 0; i < half; i++) {
            out[i] = x[offset + 2 * i];
            out[half + i] = x[offset + 2 * i + 1];
        }
        System.arraycopy(x, offset + rotDim, out, rotDim, headDim - rotDim);
        return out;
    }
}
