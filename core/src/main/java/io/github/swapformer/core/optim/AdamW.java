package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019, "Decoupled Weight Decay
 * Regularization", arXiv:1711.05101), with PyTorch's bias-corrected moments. The element-wise
 * update and the exact order of its float operations are in {@link AdamWKernels}. Which
 * parameters decay is chosen by {@link AdamWConfig#decayRule()}.
 */
public final class AdamW implements Optimizer {
    private final List<Parameter> params;
    private final AdamWConfig config;
    private final Parallel pool;
    private final float[][] expAvg;   // m, per parameter
    private final float[][] expAvgSq; // v, per parameter
    private int steps;

    public AdamW(List<Parameter> params, AdamWConfig config, Parallel pool) {
        this.params = OptimizerState.requireDistinctNames(params);
        this.config = Objects.requireNonNull(config, "config");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.expAvg = OptimizerState.zerosLike(this.params);
        this.expAvgSq = OptimizerState.zerosLike(this.params);
    }

    public AdamWConfig config() {
        return config;
    }

    @Override
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate " + lr + " must be finite and >= 0");
        }
        steps++;
        // Bias corrections in double, then rounded once: β^t underflows gracefully and stays exact longer.
        float biasCorrection1 = (float) (1.0 - Math.pow(config.beta1(), steps));
        float biasCorrection2 = (float) (1.0 - Math.pow(config.beta2(), steps));
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float decay = config.decayRule().decays(p.kind()) ? (float) config.weightDecay() : 0f;
            Tensor t = p.tensor();
            AdamWKernels.step(t.data(), t.grad(), expAvg[i], expAvgSq[i], t.size(), (float) lr,
                    (float) config.beta1(), (float) config.beta2(), (float) config.eps(), decay,
                    biasCorrection1, biasCorrection2, pool);
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

    /** {@code <param>.exp_avg}, {@code <param>.exp_avg_sq} (PyTorch's names) and {@code step}. */
    @Override
    public Map<String, Tensor> state() {
        return OptimizerState.save(params, buffers(), steps);
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        steps = OptimizerState.load(state, params, buffers());
    }

    private Map<String, float[][]> buffers() {
        Map<String, float[][]> buffers = new LinkedHashMap<>();
        buffers.put("exp_avg", expAvg);
        buffers.put("exp_avg_sq", expAvgSq);
        return buffers;
    }
}
