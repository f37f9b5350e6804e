package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormsTest {
    private final Random random = new Random(11);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void layerNormOfOneTwoThree() {
        // By hand: mean 2, biased variance 2/3, so (x − 2)·sqrt(3/2) = ∓1.2247449 (sqrt(1.5) = 1.22474487).
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor w = Tensor.of(new float[] {1, 1, 2}, 3);
        Tensor b = Tensor.of(new float[] {0, 0.5f, 0}, 3);
        Tensor y = Norms.layerNorm(inference, x, w, b, 0f);
        assertArrayEquals(new float[] {-1.2247449f, 0.5f, 2 * 1.2247449f}, y.data(), 1e-6f);
        Tensor noBias = Norms.layerNorm(inference, x, w, null, 0f);
        assertArrayEquals(new float[] {-1.2247449f, 0f, 2 * 1.2247449f}, noBias.data(), 1e-6f);
    }

    @Test
    void rmsNormOfOneTwoThree() {
        // By hand: mean(x²) = 14/3, rms = sqrt(14/3) = 2.1602469, so x / rms = 0.46291005, 0.9258201, 1.3887302.
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor w = Tensor.of(new float[] {1, 1, -1}, 3);
        Tensor y = Norms.rmsNorm(inference, x, w, 0f);
        assertArrayEquals(new float[] {0.46291005f, 0.9258201f, -1.3887302f}, y.data(), 1e-6f);
    }

    @Test
    void layerNormOutputHasZeroMeanAndUnitVariance() {
        int C = 33;
        Tensor x = GradCheck.randomLeaf(random, 4, C);
        Tensor ones = Tensor.of(filled(C, 1f), C);
        Tensor y = Norms.layerNorm(inference, x, ones, null, 1e-5f);
        for (int r = 0; r < 4; r++) {
            double mean = 0;
            double square = 0;
            for (int i = 0; i < C; i++) {
                mean += y.data()[r * C + i];
                square += y.data()[r * C + i] * y.data()[r * C + i];
            }
            assertEquals(0, mean / C, 1e-6);
            assertEquals(1, square / C, 1e-3); // eps = 1e-5 against a variance of about 1/3
        }
    }

    @Test
    void layerNormGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor w = GradCheck.randomLeaf(random, 7);
        Tensor b = GradCheck.randomLeaf(random, 7);
        GradCheck.standard().withStep(1e-3).withTolerance(3e-3, 2e-2)
                .check(List.of(x, w, b), tape -> Norms.layerNorm(tape, x, w, b, 1e-5f));
        GradCheck.standard().check(List.of(x, w), tape -> Norms.layerNorm(tape, x, w, null, 1e-5f));
    }

    @Test
    void rmsNormGradients() {
        Tensor x = GradCheck.randomLeaf(random, 3, 5, 9);
        Tensor w = GradCheck.randomLeaf(random, 9);
        GradCheck.standard().check(List.of(x, w), tape -> Norms.rmsNorm(tape, x, w, 1e-6f));
    }

    @Test
    void onlyInputsThatNeedAGradientReceiveOne() {
        Tensor x = GradCheck.randomLeaf(random, 2, 7);
        Tensor w = Tensor.of(filled(7, 1f), 7); // a frozen weight: no gradient buffer
        GradCheck.standard().check(List.of(x), tape -> Norms.layerNorm(tape, x, w, null, 1e-5f));
        GradCheck.standard().check(List.of(x), tape -> Norms.rmsNorm(tape, x, w, 1e-5f));
    }

    @Test
    void badShapesAndEpsAreRejectedByName() {
        Tensor x = Tensor.zeros(2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Norms.layerNorm(inference, x, Tensor.zeros(5), null, 1e-5f));
        assertTrue(e.getMessage().contains("weight [5]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Norms.layerNorm(inference, x, Tensor.zeros(4), Tensor.zeros(3), 1e-5f));
        e = assertThrows(IllegalArgumentException.class, () -> Norms.rmsNorm(inference, x, Tensor.zeros(4), -1f));
        assertTrue(e.getMessage().contains("eps -1.0"), e.getMessage());
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
