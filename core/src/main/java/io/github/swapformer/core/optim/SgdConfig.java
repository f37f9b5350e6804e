package io.github.swapformer.core.optim;

import java.util.Objects;

/**
 * Hyperparameters of {@link Sgd}, with PyTorch's {@code torch.optim.SGD} defaults (no momentum,
 * no Nesterov, no weight decay; dampening is always 0). Weight decay here is L2 regularization
 * added to the gradient, not decoupled decay; {@link #decayRule()} says which parameters get it.
 */
public record SgdConfig(double momentum, boolean nesterov, double weightDecay, DecayRule decayRule) {
    public SgdConfig {
        if (!(momentum >= 0) || Double.isInfinite(momentum)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be finite and >= 0");
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs a momentum > 0, got momentum 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay " + weightDecay + " must be finite and >= 0");
        }
        Objects.requireNonNull(decayRule, "decayRule");
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static SgdConfig defaults() {
        return new SgdConfig(0, false, 0, DecayRule.MATRICES);
    }

    public SgdConfig withMomentum(double momentum) {
        return new SgdConfig(momentum, nesterov, weightDecay, decayRule);
    }

    public SgdConfig withNesterov(boolean nesterov) {
        return new SgdConfig(momentum, nesterov, weightDecay, decayRule);
    }

    public SgdConfig withWeightDecay(double weightDecay) {
        return new SgdConfig(momentum, nesterov, weightDecay, decayRule);
    }

    public SgdConfig withDecayRule(DecayRule decayRule) {
        return new SgdConfig(momentum, nesterov, weightDecay, decayRule);
    }
}
