package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationsTest {
    private static final float[] X = {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 2f, 5f};
    private final Random random = new Random(3);

    @Test
    void geluMatchesNormalCdfTable() {
        // x·Φ(x) with Φ from the standard normal table: Φ(0.5) = 0.691462461274013,
        // Φ(1) = 0.841344746068543, Φ(2) = 0.977249868051821, Φ(-3) = 0.00134989803163009.
        float[] y = run(Activation.GELU, new float[] {0.5f, 1f, -1f, 2f, -3f});
        assertEquals(0.5 * 0.691462461274013, y[0], 1e-7);
        assertEquals(0.841344746068543, y[1], 1e-7);
        assertEquals(-(1 - 0.841344746068543), y[2], 1e-7);
        assertEquals(2 * 0.977249868051821, y[3], 2e-7);
        assertEquals(-3 * 0.00134989803163009, y[4], 5e-7);
    }

    @Test
    void otherActivationsMatchTheirFormulasInDouble() {
        float[] relu = run(Activation.RELU, X);
        float[] tanh = run(Activation.GELU_TANH, X);
        float[] silu = run(Activation.SILU, X);
        float[] sigmoid = run(Activation.SIGMOID, X);
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            double s = 1 / (1 + Math.exp(-x));
            // GPT-2's gelu_new, written as in its source (openai/gpt-2 model.py).
            double geluNew = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(Math.max(0, x), relu[i], 0, "relu(" + x + ")");
            assertEquals(geluNew, tanh[i], 1e-6, "gelu_tanh(" + x + ")");
            assertEquals(x * s, silu[i], 1e-6, "silu(" + x + ")");
            assertEquals(s, sigmoid[i], 1e-7, "sigmoid(" + x + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradients(Activation activation) {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= 3f;
            if (Math.abs(d[i]) < 0.05f) {
                d[i] = 0.05f; // ReLU's kink must be farther than the difference step
            }
        }
        GradCheck.standard().check(List.of(x), tape -> Activations.apply(tape, x, activation));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void inferenceOutputCarriesNoGradient(Activation activation) {
        Tensor x = GradCheck.randomLeaf(random, 3, 4);
        Tape tape = Tape.inference(Parallel.serial());
        assertFalse(Activations.apply(tape, x, activation).requiresGrad());
        assertEquals(0, tape.size());
    }

    @Test
    void nullActivationIsRejectedWithTheChoices() {
        Tape tape = Tape.inference(Parallel.serial());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.apply(tape, Tensor.zeros(2), null));
        assertEquals(true, e.getMessage().contains("GELU_TANH"), e.getMessage());
    }

    private static float[] run(Activation activation, float[] values) {
        Tensor x = Tensor.of(values.clone(), values.length);
        return Activations.apply(Tape.inference(Parallel.serial()), x, activation).data();
    }
}
