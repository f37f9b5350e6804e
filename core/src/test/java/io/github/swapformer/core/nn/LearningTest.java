package io.github.swapformer.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A small MLP trained with AdamW must fit XOR and two-moons to 100% training accuracy. */
class LearningTest {
    /** Two-layer MLP with a tanh-free GELU hidden layer and two output classes. */
    static final class Mlp extends Module {
        final Linear hidden;
        final Linear out;

        Mlp(int in, int width, Rng rng) {
            hidden = child("hidden", Linear.withBias(in, width));
            out = child("out", Linear.withBias(width, 2));
            Init.xavierUniform(hidden.weight(), rng);
            Init.xavierUniform(out.weight(), rng);
        }

        Tensor logits(Tape tape, Tensor x) {
            return out.forward(tape, Activations.gelu(tape, hidden.forward(tape, x)));
        }
    }

    @Test
    void mlpLearnsXor() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        int[] y = {0, 1, 1, 0};
        assertEquals(1.0, train(Tensor.of(x, 4, 2), y, 16, 500, 0.05), 0.0);
    }

    @Test
    void mlpLearnsTwoMoons() {
        int n = 200;
        Rng rng = new Rng(5);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) { // two interleaved half circles with a little noise (scikit-learn's make_moons)
            double t = Math.PI * rng.nextDouble();
            boolean upper = i % 2 == 0;
            x[2 * i] = (float) ((upper ? Math.cos(t) : 1 - Math.cos(t)) + 0.1 * rng.nextGaussian());
            x[2 * i + 1] = (float) ((upper ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.1 * rng.nextGaussian());
            y[i] = upper ? 0 : 1;
        }
        assertEquals(1.0, train(Tensor.of(x, n, 2), y, 64, 1500, 0.01), 0.0);
    }

    /** Full-batch AdamW training; returns the final training accuracy. */
    private static double train(Tensor x, int[] y, int width, int steps, double lr) {
        try (Parallel pool = Parallel.serial()) {
            Mlp model = new Mlp(x.dim(1), width, new Rng(1));
            AdamW opt = new AdamW(model.parameters(), AdamWConfig.defaults().withWeightDecay(0), pool);
            for (int step = 0; step < steps; step++) {
                model.zeroGrad();
                Tape tape = Tape.recording(pool);
                tape.backward(Losses.crossEntropy(tape, model.logits(tape, x), y));
                opt.step(lr);
            }
            Tensor logits = model.logits(Tape.inference(pool), x);
            int correct = 0;
            for (int i = 0; i < y.length; i++) {
                int predicted = logits.get(i, 1) > logits.get(i, 0) ? 1 : 0;
                correct += predicted == y[i] ? 1 : 0;
            }
            return (double) correct / y.length;
        }
    }
}
