package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stochastic gradient descent with momentum, as PyTorch's {@code torch.optim.SGD} with dampening 0
 * (Sutskever et al. 2013, "On the importance of initialization and momentum in deep learning"):
 *
 * <pre>
 * d = g + λ·p                      (λ only for parameters the decay rule selects)
 * buf = μ·buf + d                  (buf starts at 0, so the first step sets buf = d, as PyTorch)
 * d = nesterov ? d + μ·buf : buf   (without momentum, d is used as is)
 * p = p − lr·d
 * </pre>
 */
public final class Sgd implements Optimizer {
    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final List<Parameter> params;
    private final SgdConfig config;
    private final float[][] momentumBuffer;
    private int steps;

    public Sgd(List<Parameter> params, SgdConfig config) {
        this.params = OptimizerState.requireDistinctNames(params);
        this.config = Objects.requireNonNull(config, "config");
        this.momentumBuffer = OptimizerState.zerosLike(this.params);
    }

    @Override
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate " + lr + " must be finite and >= 0");
        }
        steps++;
        float rate = (float) lr;
        float mu = (float) config.momentum();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float decay = config.decayRule().decays(p.kind()) ? (float) config.weightDecay() : 0f;
            update(p.tensor(), momentumBuffer[i], rate, mu, decay);
        }
    }

    private void update(Tensor t, float[] buf, float lr, float mu, float decay) {
        float[] p = t.data();
        float[] g = t.grad();
        boolean momentum = mu != 0f;
        for (int j = 0; j < p.length; j++) {
            float d = g[j] + decay * p[j];
            if (momentum) {
                buf[j] = mu * buf[j] + d;
                d = config.nesterov() ? d + mu * buf[j] : buf[j];
            }
            p[j] -= lr * d;
        }
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    /** {@code <param>.momentum_buffer} (PyTorch's name) and {@code step}. */
    @Override
    public Map<String, Tensor> state() {
        return OptimizerState.save(params, Map.of(MOMENTUM_BUFFER, momentumBuffer), steps);
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        steps = OptimizerState.load(state, params, Map.of(MOMENTUM_BUFFER, momentumBuffer));
    }
}
