package io.github.swapformer.arch.ffn;

import java.util.Arrays;

/**
 * Which experts each token goes to, and which assignments fit in the experts' capacity: the
 * discrete half of Mixture-of-Experts routing (no gradient flows through it).
 *
 * <p>Every token picks its {@code k} experts with the largest router logits (ties go to the lower
 * expert index). Assignments then fill the experts in priority order — first every token's first
 * choice, in token order, then every token's second choice, and so on, as GShard and Switch do
 * (Lepikhin et al. 2020, arXiv 2006.16668, Algorithm 1; Fedus et al. 2021, §2.2) — and an assignment
 * that finds its expert full is dropped.
 *
 * @param tokens   N, the rows routed
 * @param experts  E
 * @param topK     k
 * @param capacity the most assignments one expert takes
 * @param choice   (N, k): the expert of each token's j-th choice, best first
 * @param position (N, k): the row of that assignment in its expert's batch, or −1 when dropped
 * @param rows     per expert, the tokens it processes, in the order of their positions
 * @param dropped  how many (token, choice) assignments were dropped
 */
public record RoutingPlan(int tokens, int experts, int topK, int capacity, int[] choice, int[] position,
                          int[][] rows, int dropped) {

    /** Routes N tokens by their router logits (N, E), row-major. */
    public static RoutingPlan of(float[] logits, int tokens, int experts, int topK, int capacity) {
        if (logits.length != tokens * experts) {
            throw new IllegalArgumentException("routing: " + logits.length + " logits for " + tokens
                    + " tokens × " + experts + " experts");
        }
        int[] choice = new int[tokens * topK];
        for (int n = 0; n < tokens; n++) {
            selectTopK(logits, n * experts, experts, choice, n * topK, topK);
        }
        int[] position = new int[tokens * topK];
        int[] count = new int[experts];
        int[][] rows = new int[experts][];
        for (int e = 0; e < experts; e++) {
            rows[e] = new int[Math.min(capacity, tokens)];
        }
        int dropped = 0;
        for (int j = 0; j < topK; j++) {
            for (int n = 0; n < tokens; n++) {
                int e = choice[n * topK + j];
                if (count[e] < capacity) {
                    rows[e][count[e]] = n;
                    position[n * topK + j] = count[e]++;
                } else {
                    position[n * topK + j] = -1;
                    dropped++;
                }
            }
        }
        for (int e = 0; e < experts; e++) {
            rows[e] = Arrays.copyOf(rows[e], count[e]);
        }
        return new RoutingPlan(tokens, experts, topK, capacity, choice, position, rows, dropped);
    }

    /** How many tokens chose expert {@code e} among their top k (before capacity). */
    public int chosen(int e) {
        int c = 0;
        for (int x : choice) {
            if (x == e) {
                c++;
            }
        }
        return c;
    }

    /** Whether assignment j of token n was kept. */
    public boolean kept(int n, int j) {
        return position[n * topK + j] >= 0;
    }

    // Selection sort of the k best: k is 1 or 2 in practice, and this keeps ties in index order.
    private static void selectTopK(float[] logits, int off, int experts, int[] out, int outOff, int k) {
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int e = 0; e < experts; e++) {
                if (taken(out, outOff, j, e)) {
                    continue;
                }
                if (best < 0 || logits[off + e] > logits[off + best]) {
                    best = e;
                }
            }
            out[outOff + j] = best;
        }
    }

    private static boolean taken(int[] out, int off, int j, int e) {
        for (int i = 0; i < j; i++) {
            if (out[off + i] == e) {
                return true;
            }
        }
        return false;
    }
}
