package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014) with probability p. The mask's seed comes from the
 * tape ({@link Tape#nextRandomSeed()}), so a seeded pass draws the same masks on any thread count;
 * an inference tape (or p = 0) passes x through.
 */
public final class Dropout extends Layer {
    private final float p;

    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability " + p + " is outside [0, 1)");
        }
        this.p = (float) p;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x) {
        if (p == 0f || !tape.isRecording()) {
            return x;
        }
        return io.github.swapformer.core.ops.Dropout.apply(tape, x, p, tape.nextRandomSeed());
    }

    public double probability() {
        return p;
    }
}
