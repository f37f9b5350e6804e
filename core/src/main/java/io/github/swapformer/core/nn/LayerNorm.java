package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Norms;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/** Layer normalization over the last axis with gain and shift (Ba et al. 2016, arXiv 1607.06450). */
public final class LayerNorm extends Layer {
    private final Tensor weight;
    private final Tensor bias;
    private final float eps;

    public LayerNorm(int dim, double eps) {
        if (dim < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("layer norm needs dim ≥ 1 and eps > 0, got dim " + dim + ", eps " + eps);
        }
        this.weight = parameter("weight", Tensor.zeros(dim), ParamKind.NORM);
        this.bias = parameter("bias", Tensor.zeros(dim), ParamKind.NORM);
        Arrays.fill(weight.data(), 1f);
        this.eps = (float) eps;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x) {
        return Norms.layerNorm(tape, x, weight, bias, eps);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
