package io.github.swapformer.core.nn;

import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Parameter initializers, writing in place into a tensor's data from an explicit {@link Rng}.
 * Fans follow PyTorch's {@code torch.nn.init}: for a weight of shape (out, in, k…), fan_in is
 * in·k… and fan_out is out·k… (our linear weights are (out, in), as PyTorch's).
 */
public final class Init {
    private Init() {
    }

    /** Fills with samples of N(0, std²). */
    public static Tensor normal(Tensor tensor, double std, Rng rng) {
        return normal(tensor, 0, std, rng);
    }

    /** Fills with samples of N(mean, std²). */
    public static Tensor normal(Tensor tensor, double mean, double std, Rng rng) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std " + std + " must be finite and >= 0");
        }
        float[] d = tensor.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return tensor;
    }

    /** Fills with samples of U(−bound, bound). */
    public static Tensor uniform(Tensor tensor, double bound, Rng rng) {
        if (!(bound >= 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound " + bound + " must be finite and >= 0");
        }
        float[] d = tensor.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (bound * (2 * rng.nextDouble() - 1));
        }
        return tensor;
    }

    /**
     * Glorot and Bengio 2010 ("Understanding the difficulty of training deep feedforward neural
     * networks", eq. 16): U(−a, a) with a = √(6 / (fan_in + fan_out)).
     */
    public static Tensor xavierUniform(Tensor tensor, Rng rng) {
        return uniform(tensor, xavierUniformBound(tensor), rng);
    }

    /** Glorot and Bengio 2010 as a normal: N(0, 2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor tensor, Rng rng) {
        return normal(tensor, Math.sqrt(2.0 / fanSum(tensor)), rng);
    }

    /** The Xavier uniform bound √(6 / (fan_in + fan_out)) for a tensor of this shape. */
    public static double xavierUniformBound(Tensor tensor) {
        return Math.sqrt(6.0 / fanSum(tensor));
    }

    public static Tensor zeros(Tensor tensor) {
        Arrays.fill(tensor.data(), 0f);
        return tensor;
    }

    public static Tensor ones(Tensor tensor) {
        Arrays.fill(tensor.data(), 1f);
        return tensor;
    }

    /**
     * GPT-2's scaled initialization of the projections that write into the residual stream
     * (Radford et al. 2019, "Language Models are Unsupervised Multitask Learners", §2.3: "scale
     * the weights of residual layers at initialization by a factor of 1/√N where N is the number
     * of residual layers"); each block has two such layers, hence std/√(2·layers), as nanoGPT.
     */
    public static double gpt2ResidualStd(double std, int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers " + layers + " must be >= 1");
        }
        return std / Math.sqrt(2.0 * layers);
    }

    private static long fanSum(Tensor tensor) {
        if (tensor.rank() < 2) {
            throw new IllegalArgumentException("Xavier initialization needs a tensor of rank >= 2, shape is "
                    + tensor.shapeString());
        }
        long receptive = 1;
        for (int i = 2; i < tensor.rank(); i++) {
            receptive *= tensor.dim(i);
        }
        long fanIn = tensor.dim(1) * receptive;
        long fanOut = tensor.dim(0) * receptive;
        if (fanIn + fanOut == 0) {
            throw new IllegalArgumentException("Xavier initialization of an empty tensor, shape " + tensor.shapeString());
        }
        return fanIn + fanOut;
    }
}
