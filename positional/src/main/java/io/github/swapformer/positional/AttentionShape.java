package io.github.swapformer.positional;

/**
 * The attention geometry an encoding is built for: model width, query heads, key/value heads
 * (grouped-query when fewer than query heads), head size, the training length, and whether the
 * attention is causal (decoder) or bidirectional (encoder).
 */
public record AttentionShape(int dModel, int nHeads, int nKvHeads, int headDim, int maxPositions, boolean causal) {
    public AttentionShape {
        positive("dModel", dModel);
        positive("nHeads", nHeads);
        positive("nKvHeads", nKvHeads);
        positive("headDim", headDim);
        positive("maxPositions", maxPositions);
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException("nHeads " + nHeads + " is not a multiple of nKvHeads " + nKvHeads);
        }
    }

    /** Multi-head attention with {@code dModel / nHeads} per head. */
    public static AttentionShape multiHead(int dModel, int nHeads, int maxPositions, boolean causal) {
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not divisible by nHeads " + nHeads);
        }
        return new AttentionShape(dModel, nHeads, nHeads, dModel / nHeads, maxPositions, causal);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
    }
}
