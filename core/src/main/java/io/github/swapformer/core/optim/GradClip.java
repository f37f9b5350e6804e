package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.Parameter;
import java.util.List;

/**
 * Gradient clipping by global norm (Pascanu et al. 2013, "On the difficulty of training recurrent
 * neural networks", arXiv:1211.5063, Algorithm 1), as {@code torch.nn.utils.clip_grad_norm_}
 * without its 1e-6 in the denominator.
 */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Computes the L2 norm of all gradients taken together and, when it exceeds {@code maxNorm},
     * multiplies every gradient by {@code maxNorm / norm}. The sum of squares is accumulated in
     * double, parameter by parameter and element by element, so the result does not depend on
     * threads. A norm that is not finite is returned without touching the gradients, so that the
     * caller can stop a diverged run instead of training on scaled garbage.
     *
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm " + maxNorm + " must be finite and > 0");
        }
        double sumSquares = 0;
        for (Parameter p : params) {
            for (float g : p.tensor().grad()) {
                sumSquares += (double) g * g;
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            double scale = maxNorm / norm;
            for (Parameter p : params) {
                float[] grad = p.tensor().grad();
                for (int i = 0; i < grad.length; i++) {
                    grad[i] = (float) (grad[i] * scale);
                }
            }
        }
        return norm;
    }
}
