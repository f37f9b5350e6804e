package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Norms;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/** Root-mean-square normalization x / √(mean(x²) + ε) · g (Zhang &amp; Sennrich 2019, arXiv 1910.07467). */
public final class RmsNorm extends Layer {
    private final Tensor weight;
    private final float eps;

    public RmsNorm(int dim, double eps) {
        if (dim < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("RMS norm needs dim ≥ 1 and eps > 0, got dim " + dim + ", eps " + eps);
        }
        this.weight = parameter("weight", Tensor.zeros(dim), ParamKind.NORM);
        Arrays.fill(weight.data(), 1f);
        this.eps = (float) eps;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x) {
        return Norms.rmsNorm(tape, x, weight, eps);
    }

    public Tensor weight() {
        return weight;
    }
}
