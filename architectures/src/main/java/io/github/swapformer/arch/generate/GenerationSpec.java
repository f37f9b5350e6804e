package io.github.swapformer.arch.generate;

import java.util.Arrays;

/**
 * One generation request: the decoding rule, how many tokens to add at most, the tokens that end
 * a sequence (end-of-sequence and any other stop token; the stop token is kept in the output), and
 * the seed of sampling (row r draws from its own stream, so a row's tokens do not depend on the
 * other rows of its batch).
 */
public record GenerationSpec(Decoding decoding, int maxNewTokens, int[] stopTokens, long seed) {
    public GenerationSpec {
        if (decoding == null) {
            throw new IllegalArgumentException("decoding is required (got null)");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens " + maxNewTokens + " must be at least 1");
        }
        stopTokens = stopTokens == null ? new int[0] : stopTokens.clone();
        for (int t : stopTokens) {
            if (t < 0) {
                throw new IllegalArgumentException("stop token " + t + " is negative; token ids are >= 0");
            }
        }
    }

    /** Greedy decoding of {@code maxNewTokens} tokens, with no stop token. */
    public static GenerationSpec greedy(int maxNewTokens) {
        return new GenerationSpec(Decoding.greedy(), maxNewTokens, new int[0], 0);
    }

    public GenerationSpec withDecoding(Decoding d) {
        return new GenerationSpec(d, maxNewTokens, stopTokens, seed);
    }

    public GenerationSpec withStopTokens(int... tokens) {
        return new GenerationSpec(decoding, maxNewTokens, tokens, seed);
    }

    public GenerationSpec withSeed(long s) {
        return new GenerationSpec(decoding, maxNewTokens, stopTokens, s);
    }

    @Override
    public int[] stopTokens() {
        return stopTokens.clone();
    }

    /** Whether {@code token} ends a sequence. */
    public boolean stops(int token) {
        for (int t : stopTokens) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenerationSpec g && decoding.equals(g.decoding) && maxNewTokens == g.maxNewTokens
                && Arrays.equals(stopTokens, g.stopTokens) && seed == g.seed;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * decoding.hashCode() + maxNewTokens) + Arrays.hashCode(stopTokens)) + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "GenerationSpec[" + decoding + ", maxNewTokens=" + maxNewTokens + ", stopTokens="
                + Arrays.toString(stopTokens) + ", seed=" + seed + "]";
    }
}
