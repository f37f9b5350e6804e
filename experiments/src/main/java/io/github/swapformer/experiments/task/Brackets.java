package io.github.swapformer.experiments.task;

import io.github.swapformer.core.random.Rng;

/**
 * Bracket words for {@link TaskKind#BRACKETS} as steps +1 ("(") and −1 (")"): uniform Dyck words
 * by the cycle lemma (Dvoretzky and Motzkin 1947: of the 2n+1 rotations of a word with n up-steps
 * and n+1 down-steps exactly one has every proper prefix sum ≥ 0), and words with the same counts
 * that are not balanced.
 */
final class Brackets {
    private Brackets() {
    }

    /** A Dyck word of n pairs, uniform among the Catalan(n) of them. */
    static int[] dyckWord(Rng rng, int n) {
        int[] w = shuffled(rng, n, n + 1);
        // the rotation that starts after the first minimum of the prefix sums keeps every prefix ≥ 0;
        // it ends with the extra down-step, which is dropped
        int sum = 0;
        int min = 0;
        int start = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i];
            if (sum < min) {
                min = sum;
                start = i + 1;
            }
        }
        int[] out = new int[2 * n];
        for (int i = 0; i < out.length; i++) {
            out[i] = w[(start + i) % w.length];
        }
        return out;
    }

    /**
     * n up-steps and n down-steps in an order where some prefix sum is negative: a uniform shuffle,
     * drawn again while balanced (a shuffle is balanced with probability 1/(n+1)). From n = 3 on it
     * also opens with "(" and closes with ")", as every balanced word does, so the first and last
     * bracket give nothing away and only the depth inside tells; at n = 1 and 2 no such word exists.
     */
    static int[] unbalancedWord(Rng rng, int n) {
        while (true) {
            int[] w = shuffled(rng, n, n);
            boolean framed = w[0] > 0 && w[w.length - 1] < 0;
            if (!isBalanced(w) && (framed || n < 3)) {
                return w;
            }
        }
    }

    /** Whether every prefix sum of the ±1 steps is ≥ 0 and the total is 0. */
    static boolean isBalanced(int[] steps) {
        int depth = 0;
        for (int s : steps) {
            depth += s;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static int[] shuffled(Rng rng, int ups, int downs) {
        int[] w = new int[ups + downs];
        for (int i = 0; i < w.length; i++) {
            w[i] = i < ups ? 1 : -1;
        }
        rng.shuffle(w);
        return w;
    }
}
