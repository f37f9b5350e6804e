package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FireTest {
    private static final AttentionShape SHAPE = new AttentionShape(8, 3, 3, 4, 16, true);

    /**
     * An independent transcription of the paper's reference FIRE module (arXiv 2310.04418, appendix):
     * normalized = log(|c·(i − j)| + 1) / (log(|c·max(i, |ℓ·L₀|)| + 1) + eps), bias = mlp(normalized).
     */
    private static double reference(Map<String, Tensor> p, double baseL, int h, int i, int j, int width) {
        double c = p.get("c").data()[0];
        double threshold = Math.abs(p.get("L_multiplier").data()[0] * baseL);
        double u = Math.log(Math.abs(c * (i - j)) + 1) / (Math.log(Math.abs(c * Math.max(i, threshold)) + 1) + 1e-6);
        double s = p.get("mlp.2.bias").data()[h];
        for (int k = 0; k < width; k++) {
            double hidden = Math.max(0, p.get("mlp.0.weight").data()[k] * u + p.get("mlp.0.bias").data()[k]);
            s += p.get("mlp.2.weight").data()[h * width + k] * hidden;
        }
        return s;
    }

    @Test
    void matchesTheReferenceBelowAndPastTheThreshold() {
        Fire fire = new Fire(new Fire.Spec(5, 0.3, 4, 1e-6), SHAPE, 2);
        Map<String, Tensor> p = fire.stateDict();
        int T = 9;
        Tensor out = fire.biasScores(Tape.inference(Parallel.of(2)), Tensor.zeros(1, 3, T, T), null, Positions.first(T), Positions.first(T));
        for (int h = 0; h < 3; h++) {
            for (int i = 0; i < T; i++) {
                for (int j = 0; j < T; j++) {
                    assertEquals(reference(p, 4, h, i, j, 5), out.get(0, h, i, j), 1e-5, "head " + h + " i " + i + " j " + j);
                }
            }
        }
    }

    /** Gradient check with a threshold of 3.5 so that rows on both sides of it are exercised. */
    @Test
    void gradientsReachEveryParameterIncludingCAndTheThreshold() {
        Fire fire = new Fire(new Fire.Spec(6, 0.4, 3.5, 1e-6), SHAPE, 5); // not an integer: no query sits on the kink of max(i, L)
        Random random = new Random(3);
        Tensor scores = GradCheck.randomLeaf(random, 2, 3, 5, 7);
        List<Tensor> inputs = new ArrayList<>(List.of(scores));
        for (Parameter p : fire.parameters()) {
            inputs.add(p.tensor());
        }
        Positions q = Positions.of(new int[][] {{2, 3, 4, 5, 6}, {0, 1, 2, 0, 1}});
        Positions k = Positions.of(new int[][] {{0, 1, 2, 3, 4, 5, 6}, {0, 1, 2, 0, 1, 2, 3}});
        GradCheck.standard().withStep(1e-3).check(inputs, tape -> fire.biasScores(tape, scores, null, q, k));
        Positions past = Positions.of(new int[][] {{4, 5, 6, 7, 9}, {8, 9, 10, 11, 12}}); // every query past L
        GradCheck.standard().withStep(1e-3).withTolerance(1e-4, 1e-2).check(inputs, tape -> fire.biasScores(tape, scores, null, past, k));
        fire.zeroGrad();
        Tape tape = Tape.recording(Parallel.serial());
        Tensor out = fire.biasScores(tape, scores, null, q, k);
        float[] seed = new float[out.size()];
        java.util.Arrays.fill(seed, 1f);
        tape.backward(out, seed);
        for (Parameter p : fire.parameters()) {
            double norm = 0;
            for (float g : p.tensor().grad()) {
                norm += Math.abs(g);
            }
            assertTrue(norm > 0, p.name() + " got no gradient");
        }
    }

    @Test
    void parametersCarryTheReferenceNames() {
        Fire fire = new Fire(Fire.Spec.defaults(), SHAPE, 1);
        assertEquals(List.of("mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias", "c", "L_multiplier"),
                fire.stateDict().keySet().stream().toList());
        assertEquals("[3, 32]", fire.stateDict().get("mlp.2.weight").shapeString());
    }
}
