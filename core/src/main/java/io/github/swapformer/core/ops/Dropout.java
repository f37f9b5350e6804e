package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.DropoutKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014, JMLR 15) with a counter-based mask: the mask of
 * element i is a pure function of (seed, i), so a run is the same for any thread count. Callers
 * derive a fresh seed per call site and step (the mask repeats if the seed does).
 */
public final class Dropout {
    private Dropout() {
    }

    /**
     * Zeroes each element with probability p and scales the rest by 1/(1 − p). Identity (returns
     * {@code x} itself) when p = 0 or the tape is an inference tape. Backward: dx += mask ⊙ dy / (1 − p).
     */
    public static Tensor apply(Tape tape, Tensor x, float p, long seed) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: p " + p + " is outside [0, 1)");
        }
        if (p == 0f || !tape.isRecording()) {
            return x;
        }
        int n = x.size();
        Tensor y = tape.output(x.shape(), x);
        DropoutKernels.forward(y.data(), x.data(), seed, p, n, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> DropoutKernels.backward(x.grad(), y.grad(), seed, p, n, tape.pool()));
        }
        return y;
    }
}
