package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.NormKernels;
import io.github.swapformer.core.kernel.RmsNormKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Normalization ops over the last axis with their backward: LayerNorm (Ba et al. 2016,
 * arXiv:1607.06450, biased variance as in PyTorch and GPT-2) and RMSNorm (Zhang and Sennrich 2019,
 * arXiv:1910.07467, as in T5 and LLaMA). The per-row statistics saved by the forward live in the
 * backward's closure, so they are freed with the tape.
 */
public final class Norms {
    private Norms() {
    }

    /**
     * y = (x − mean) / sqrt(var + eps) · weight + bias over the last axis. x (..., C), weight (C),
     * bias (C) or null; y has the shape of x.
     */
    public static Tensor layerNorm(Tape tape, Tensor x, Tensor weight, Tensor bias, float eps) {
        int C = x.dim(-1);
        checkVector("layerNorm", "weight", weight, C, x);
        if (bias != null) {
            checkVector("layerNorm", "bias", bias, C, x);
        }
        checkEps("layerNorm", eps);
        int N = x.rows();
        Tensor y = tape.output(x.shape(), x, weight, bias);
        float[] mean = new float[N];
        float[] rstd = new float[N];
        NormKernels.layerNormForward(y.data(), mean, rstd, x.data(), weight.data(), bias == null ? null : bias.data(),
                eps, N, C, tape.pool());
        if (tape.needsGrad(x, weight, bias)) {
            tape.record(() -> NormKernels.layerNormBackward(x.grad(), weight.grad(), bias == null ? null : bias.grad(),
                    y.grad(), x.data(), weight.data(), mean, rstd, N, C, tape.pool()));
        }
        return y;
    }

    /** y = x / sqrt(mean(x²) + eps) · weight over the last axis. x (..., C), weight (C). */
    public static Tensor rmsNorm(Tape tape, Tensor x, Tensor weight, float eps) {
        int C = x.dim(-1);
        checkVector("rmsNorm", "weight", weight, C, x);
        checkEps("rmsNorm", eps);
        int N = x.rows();
        Tensor y = tape.output(x.shape(), x, weight);
        float[] rstd = new float[N];
        RmsNormKernels.rmsNormForward(y.data(), rstd, x.data(), weight.data(), eps, N, C, tape.pool());
        if (tape.needsGrad(x, weight)) {
            tape.record(() -> RmsNormKernels.rmsNormBackward(x.grad(), weight.grad(), y.grad(), x.data(), weight.data(),
                    rstd, N, C, tape.pool()));
        }
        return y;
    }

    private static void checkVector(String op, String name, Tensor t, int C, Tensor x) {
        if (t.rank() != 1 || t.dim(0) != C) {
            throw new IllegalArgumentException(op + ": " + name + " " + t.shapeString() + " must be [" + C
                    + "] to match the last axis of x " + x.shapeString());
        }
    }

    private static void checkEps(String op, float eps) {
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps " + eps + " must be finite and >= 0");
        }
    }
}
