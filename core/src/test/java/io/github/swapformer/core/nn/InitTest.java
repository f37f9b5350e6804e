package io.github.swapformer.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double mean(float[] d) {
        double s = 0;
        for (float x : d) {
            s += x;
        }
        return s / d.length;
    }

    private static double std(float[] d) {
        double m = mean(d);
        double s = 0;
        for (float x : d) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / d.length);
    }

    @Test
    void normalHasRequestedMoments() {
        Tensor t = Init.normal(Tensor.zeros(200, 100), 0.02, new Rng(5));
        // 20000 samples: standard error of the mean 0.02/√20000 ≈ 1.4e-4, of the std ≈ 0.5%.
        assertEquals(0, mean(t.data()), 7e-4);
        assertEquals(0.02, std(t.data()), 0.02 * 0.03);
        Tensor shifted = Init.normal(Tensor.zeros(1000), 1.5, 0.1, new Rng(5));
        assertEquals(1.5, mean(shifted.data()), 0.02);
    }

    @Test
    void xavierUniformStaysWithinBound() {
        Tensor w = Tensor.zeros(64, 32);
        double bound = Math.sqrt(6.0 / (64 + 32)); // Glorot & Bengio eq. 16: 0.25
        assertEquals(0.25, Init.xavierUniformBound(w), 1e-15);
        Init.xavierUniform(w, new Rng(9));
        double maxAbs = 0;
        for (float x : w.data()) {
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        assertTrue(maxAbs <= bound, "max |w| " + maxAbs);
        assertTrue(maxAbs > 0.98 * bound, "max |w| " + maxAbs);
        // U(−a, a) has std a/√3.
        assertEquals(bound / Math.sqrt(3), std(w.data()), 0.03 * bound / Math.sqrt(3));
    }

    @Test
    void xavierNormalStdAndReceptiveField() {
        Tensor w = Init.xavierNormal(Tensor.zeros(100, 60), new Rng(11));
        assertEquals(Math.sqrt(2.0 / 160), std(w.data()), 0.03 * Math.sqrt(2.0 / 160));
        // (out 4, in 3, kernel 5): fan_in 15, fan_out 20
        assertEquals(Math.sqrt(6.0 / 35), Init.xavierUniformBound(Tensor.zeros(4, 3, 5)), 1e-15);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(Tensor.zeros(5), new Rng(1)))
                .getMessage().contains("[5]"));
    }

    @Test
    void constantsAndGpt2Scale() {
        assertEquals(1.0, mean(Init.ones(Tensor.zeros(3, 3)).data()));
        assertEquals(0.0, mean(Init.zeros(Tensor.of(new float[] {1, 2}, 2)).data()));
        // nanoGPT: 0.02/math.sqrt(2 * n_layer) with n_layer 12 = 0.0040824829
        assertEquals(0.0040824829046, Init.gpt2ResidualStd(0.02, 12), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Init.gpt2ResidualStd(0.02, 0));
    }

    @Test
    void sameSeedSameWeights() {
        Tensor a = Init.normal(Tensor.zeros(17), 1, new Rng(3));
        Tensor b = Init.normal(Tensor.zeros(17), 1, new Rng(3));
        assertEquals(a.data()[16], b.data()[16]);
    }
}
