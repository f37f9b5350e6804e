package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private final Random random = new Random(17);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void valuesMatchHandComputation() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {0.5f, -1, 2, 0, 1, -2}, 2, 3);
        Tensor bias = Tensor.of(new float[] {10, 20, 30}, 3);
        assertArrayEquals(new float[] {1.5f, 1, 5, 4, 6, 4}, Elementwise.add(inference, a, b).data());
        assertArrayEquals(new float[] {0.5f, -2, 6, 0, 5, -12}, Elementwise.multiply(inference, a, b).data());
        assertArrayEquals(new float[] {-2, -4, -6, -8, -10, -12}, Elementwise.scale(inference, a, -2f).data());
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, Elementwise.addBias(inference, a, bias).data());
    }

    @Test
    void addAndMultiplyGradients() {
        Tensor a = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor b = GradCheck.randomLeaf(random, 2, 5, 7);
        GradCheck.standard().check(List.of(a, b), tape -> Elementwise.add(tape, a, b));
        GradCheck.standard().check(List.of(a, b), tape -> Elementwise.multiply(tape, a, b));
    }

    @Test
    void sameTensorOnBothSidesGetsBothGradients() {
        Tensor a = GradCheck.randomLeaf(random, 2, 5, 7);
        GradCheck.standard().check(List.of(a), tape -> Elementwise.multiply(tape, a, a));
        GradCheck.standard().check(List.of(a), tape -> Elementwise.add(tape, a, a));
    }

    @Test
    void scaleAndBiasGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor b = GradCheck.randomLeaf(random, 7);
        GradCheck.standard().check(List.of(x), tape -> Elementwise.scale(tape, x, -1.7f));
        GradCheck.standard().check(List.of(x, b), tape -> Elementwise.addBias(tape, x, b));
    }

    @Test
    void onlyInputsThatNeedGradientsReceiveThem() {
        Tensor x = GradCheck.randomLeaf(random, 3, 4);
        float[] values = new float[12];
        float[] ones = new float[12];
        for (int i = 0; i < 12; i++) {
            values[i] = i - 5;
            ones[i] = 1;
        }
        Tensor constant = Tensor.of(values, 3, 4); // no gradient buffer: backward must skip it
        Tape tape = Tape.recording(Parallel.serial());
        Tensor y = Elementwise.multiply(tape, x, constant);
        tape.backward(y, ones);
        assertArrayEquals(values, x.grad());
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.add(inference, Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.addBias(inference, Tensor.zeros(2, 3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.scale(inference, Tensor.zeros(2), Float.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}
