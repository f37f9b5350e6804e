package io.github.swapformer.arch.attention;

/**
 * How an {@link Attention} layer computes, as opposed to what it learns: the kernel asked for,
 * the score size T·S above which the streaming kernel is used anyway (its memory is linear in T),
 * the key block of the streaming kernel, and the mask mode.
 *
 * @param kernel         the kernel used while T·S ≤ streamingAbove
 * @param maskMode       how the mask enters (additive by default)
 * @param streamingAbove T·S above which STREAMING is used whatever {@code kernel} says
 * @param blockSize      keys per block of the streaming kernel
 */
public record AttentionSpec(AttentionKernel kernel, MaskMode maskMode, long streamingAbove, int blockSize) {
    /** 1024 × 1024 scores per head: past this the plain kernel's probabilities dominate memory. */
    public static final long DEFAULT_STREAMING_ABOVE = 1L << 20;

    public AttentionSpec {
        if (kernel == null || maskMode == null) {
            throw new IllegalArgumentException("kernel " + kernel + " and maskMode " + maskMode + " must be given");
        }
        if (streamingAbove < 0) {
            throw new IllegalArgumentException("streamingAbove " + streamingAbove + " must be >= 0");
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize " + blockSize + " must be at least 1");
        }
    }

    /** Plain kernel up to 1024 × 1024 scores, streaming past that; additive mask; blocks of 128 keys. */
    public static AttentionSpec defaults() {
        return new AttentionSpec(AttentionKernel.PLAIN, MaskMode.ADDITIVE, DEFAULT_STREAMING_ABOVE, 128);
    }

    public AttentionSpec withKernel(AttentionKernel k) {
        return new AttentionSpec(k, maskMode, streamingAbove, blockSize);
    }

    public AttentionSpec withMaskMode(MaskMode mode) {
        return new AttentionSpec(kernel, mode, streamingAbove, blockSize);
    }

    public AttentionSpec withStreamingAbove(long scores) {
        return new AttentionSpec(kernel, maskMode, scores, blockSize);
    }

    public AttentionSpec withBlockSize(int keys) {
        return new AttentionSpec(kernel, maskMode, streamingAbove, keys);
    }

    /** The kernel for T queries over S keys; a recorder needs the materialized probabilities. */
    AttentionKernel choose(int queries, int keys, boolean recording) {
        if (recording) {
            return AttentionKernel.PLAIN;
        }
        return (long) queries * keys > streamingAbove ? AttentionKernel.STREAMING : kernel;
    }
}
