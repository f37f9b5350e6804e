package io.github.swapformer.core.optim;

import java.util.Objects;

/**
 * Hyperparameters of {@link AdamW} (Loshchilov and Hutter 2019, arXiv:1711.05101). The defaults
 * are PyTorch's {@code torch.optim.AdamW}: betas (0.9, 0.999), eps 1e-8, weight decay 0.01, with
 * decay applied to weight matrices only ({@link DecayRule#MATRICES}).
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay, DecayRule decayRule) {
    public AdamWConfig {
        requireUnitInterval("beta1", beta1);
        requireUnitInterval("beta2", beta2);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps " + eps + " must be finite and > 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay " + weightDecay + " must be finite and >= 0");
        }
        Objects.requireNonNull(decayRule, "decayRule");
    }

    /** PyTorch's defaults: (0.9, 0.999), 1e-8, weight decay 0.01 on matrices. */
    public static AdamWConfig defaults() {
        return new AdamWConfig(0.9, 0.999, 1e-8, 0.01, DecayRule.MATRICES);
    }

    public AdamWConfig withBetas(double beta1, double beta2) {
        return new AdamWConfig(beta1, beta2, eps, weightDecay, decayRule);
    }

    public AdamWConfig withEps(double eps) {
        return new AdamWConfig(beta1, beta2, eps, weightDecay, decayRule);
    }

    public AdamWConfig withWeightDecay(double weightDecay) {
        return new AdamWConfig(beta1, beta2, eps, weightDecay, decayRule);
    }

    public AdamWConfig withDecayRule(DecayRule decayRule) {
        return new AdamWConfig(beta1, beta2, eps, weightDecay, decayRule);
    }

    private static void requireUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " " + value + " must be in [0, 1)");
        }
    }
}
