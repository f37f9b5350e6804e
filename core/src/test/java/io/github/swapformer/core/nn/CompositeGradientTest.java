package io.github.swapformer.core.nn;

import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gradient check through a composite: Linear → LayerNorm → GELU → Linear → cross-entropy. */
class CompositeGradientTest {
    @Test
    void linearLayerNormGeluLinearCrossEntropy() {
        Rng rng = new Rng(11);
        Linear first = Linear.withBias(7, 9);
        LayerNorm norm = new LayerNorm(9, 1e-5);
        Linear second = Linear.withBias(9, 5);
        for (Linear l : List.of(first, second)) {
            Init.normal(l.weight(), 0.5, rng);
            Init.normal(l.bias(), 0.1, rng);
        }
        Init.normal(norm.weight(), 1.0, 0.2, rng);
        Init.normal(norm.bias(), 0.1, rng);
        Tensor x = GradCheck.randomLeaf(new Random(3), 2, 5, 7);
        int[] targets = {0, 4, 2, 1, 3, 3, 0, 2, 4, 1};
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        for (Module m : List.of(first, norm, second)) {
            for (Parameter p : m.parameters()) {
                inputs.add(p.tensor());
            }
        }
        GradCheck.standard().check(inputs, tape -> {
            Tensor h = Activations.gelu(tape, norm.forward(tape, first.forward(tape, x)));
            return Losses.crossEntropy(tape, second.forward(tape, h), targets);
        });
    }
}
