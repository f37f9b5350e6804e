package io.github.swapformer.arch.ffn;

/**
 * A sparse Mixture-of-Experts layer: {@code experts} feed-forward networks of kind {@code expertKind},
 * of which a softmax router picks {@code topK} per token.
 *
 * <ul>
 *   <li>{@code capacityFactor}: each expert takes at most ⌈factor · tokens · k / experts⌉ assignments per
 *       forward pass (Switch Transformer, Fedus et al. 2021, arXiv 2101.03961, eq. 3); the rest are dropped —
 *       the token passes through the residual with no FFN output from that expert. 0 means no capacity
 *       limit (dropless, as Mixtral). With a limit, a token's output depends on the other tokens of its
 *       forward pass, so step-by-step cached decoding can differ from a full pass; without, it cannot.</li>
 *   <li>{@code gating}: how the selected router probabilities weigh the experts' outputs.</li>
 *   <li>{@code balanceCoefficient}: α of the load-balancing loss α·E·Σᵢ fᵢ·Pᵢ (Switch, eq. 4–6; 0.01 there);
 *       0 turns it off.</li>
 *   <li>{@code zLossCoefficient}: the router z-loss coefficient, mean over tokens of (log Σⱼ exp zⱼ)²
 *       (ST-MoE, Zoph et al. 2022, arXiv 2202.08906, eq. 5; 0.001 there); 0 turns it off.</li>
 * </ul>
 */
public record MoeSpec(FfnKind expertKind, int experts, int topK, double capacityFactor, Gating gating,
                      double balanceCoefficient, double zLossCoefficient) {

    /** How the router's probabilities of the selected experts become the weights of their outputs. */
    public enum Gating {
        /**
         * The selected experts' probabilities as they are, p_e(x) from the softmax over all experts
         * (Switch, eq. 2, with k = 1): the router learns through the weight of the chosen expert.
         */
        PROBABILITIES,
        /**
         * The selected probabilities renormalized to sum to 1, p_e / Σ_{j ∈ top-k} p_j — the same as a
         * softmax over the top-k logits, which is what Mixtral computes (Jiang et al. 2024,
         * arXiv 2401.04088, eq. 1–2). The sum runs over all k choices, dropped ones included, so a
         * token that loses a choice to capacity keeps the others' weights as they were (they then sum
         * to less than 1). With k = 1 every weight is 1 and the router gets no gradient from the
         * outputs, so k = 1 should use {@link #PROBABILITIES}.
         */
        RENORMALIZED
    }

    public MoeSpec {
        if (expertKind == null || expertKind == FfnKind.MOE) {
            throw new IllegalArgumentException("moe expert kind " + expertKind + " must be a non-MoE FFN kind");
        }
        if (experts < 1) {
            throw new IllegalArgumentException("moe experts " + experts + " must be at least 1");
        }
        if (topK < 1 || topK > experts) {
            throw new IllegalArgumentException("moe top_k " + topK + " must be in [1, experts = " + experts + "]");
        }
        if (!(capacityFactor >= 0) || Double.isInfinite(capacityFactor)) {
            throw new IllegalArgumentException("moe capacity factor " + capacityFactor
                    + " must be finite and >= 0 (0: no capacity limit)");
        }
        if (gating == null) {
            throw new IllegalArgumentException("moe gating is missing; one of PROBABILITIES, RENORMALIZED");
        }
        if (!(balanceCoefficient >= 0) || Double.isInfinite(balanceCoefficient)) {
            throw new IllegalArgumentException("moe balance coefficient " + balanceCoefficient + " must be finite and >= 0");
        }
        if (!(zLossCoefficient >= 0) || Double.isInfinite(zLossCoefficient)) {
            throw new IllegalArgumentException("moe z-loss coefficient " + zLossCoefficient + " must be finite and >= 0");
        }
    }

    /**
     * The default for studies that sweep FFN kinds: 4 GELU-MLP experts, top-2 with Mixtral's
     * renormalized gates, no capacity limit (so a token's output never depends on the rest of its
     * batch), balance coefficient 0.01, no z-loss.
     */
    public static MoeSpec defaults() {
        return new MoeSpec(FfnKind.MLP_GELU, 4, 2, 0.0, Gating.RENORMALIZED, 0.01, 0.0);
    }

    /**
     * Switch Transformer: top-1 routing weighted by the router probability, capacity factor 1.25 (one
     * of the factors Switch compares, Table 1), balance coefficient 0.01 (§2.2), no z-loss.
     */
    public static MoeSpec switchTransformer(FfnKind expertKind, int experts) {
        return new MoeSpec(expertKind, experts, 1, 1.25, Gating.PROBABILITIES, 0.01, 0.0);
    }

    /**
     * Mixtral: top-2 of the experts, weights renormalized over the two (softmax of the top-2 logits),
     * no capacity limit. Mixtral's paper names no balance-loss coefficient; this takes Switch's 0.01.
     */
    public static MoeSpec mixtral(FfnKind expertKind, int experts) {
        return new MoeSpec(expertKind, experts, 2, 0.0, Gating.RENORMALIZED, 0.01, 0.0);
    }

    public MoeSpec withCapacityFactor(double factor) {
        return new MoeSpec(expertKind, experts, topK, factor, gating, balanceCoefficient, zLossCoefficient);
    }

    public MoeSpec withTopK(int k, Gating g) {
        return new MoeSpec(expertKind, experts, k, capacityFactor, g, balanceCoefficient, zLossCoefficient);
    }

    public MoeSpec withLossCoefficients(double balance, double zLoss) {
        return new MoeSpec(expertKind, experts, topK, capacityFactor, gating, balance, zLoss);
    }

    /** The per-expert capacity for {@code tokens} tokens, or {@code tokens · k} (everything) without a limit. */
    public int capacity(int tokens) {
        if (capacityFactor == 0) {
            return tokens * topK;
        }
        return (int) Math.ceil(capacityFactor * tokens * topK / experts);
    }
}
