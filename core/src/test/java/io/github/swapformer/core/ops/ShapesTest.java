package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapesTest {
    private final Random random = new Random(29);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void concatJoinsRowsAndSplitUndoesIt() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[] {5, 6, 7, 8, 9, 10}, 2, 3);
        Tensor y = Shapes.concat(inference, a, b);
        assertArrayEquals(new int[] {2, 5}, y.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 7, 3, 4, 8, 9, 10}, y.data());
        List<Tensor> parts = Shapes.split(inference, y, 2, 3);
        assertArrayEquals(a.data(), parts.get(0).data());
        assertArrayEquals(b.data(), parts.get(1).data());
        assertArrayEquals(new int[] {2, 3}, parts.get(1).shape());
    }

    @Test
    void concatGradients() {
        Tensor a = GradCheck.randomLeaf(random, 2, 5, 3);
        Tensor b = GradCheck.randomLeaf(random, 2, 5, 1);
        Tensor c = GradCheck.randomLeaf(random, 2, 5, 7);
        GradCheck.standard().check(List.of(a, b, c), tape -> Shapes.concat(tape, a, b, c));
    }

    @Test
    void splitGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        for (int k = 0; k < 3; k++) {
            int which = k;
            GradCheck.standard().check(List.of(x), tape -> Shapes.split(tape, x, 2, 4, 1).get(which));
        }
        // Every part used at once, in another order: dx must gather all of them.
        GradCheck.standard().check(List.of(x), tape -> {
            List<Tensor> p = Shapes.split(tape, x, 2, 4, 1);
            return Shapes.concat(tape, p.get(2), p.get(0), p.get(1));
        });
    }

    @Test
    void concatSkipsInputsWithoutGradient() {
        Tensor a = GradCheck.randomLeaf(random, 3, 2);
        Tensor constant = Tensor.zeros(3, 4);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor y = Shapes.concat(tape, constant, a);
        float[] seed = new float[y.size()];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = i;
        }
        tape.backward(y, seed);
        assertArrayEquals(new float[] {4, 5, 10, 11, 16, 17}, a.grad());
        assertNull(constant.grad());
    }

    @Test
    void sameResultOnTwoThreads() {
        Tensor x = GradCheck.randomLeaf(random, 300, 9);
        try (Parallel pool = Parallel.of(2)) {
            List<Tensor> serial = Shapes.split(inference, x, 4, 5);
            List<Tensor> parallel = Shapes.split(Tape.inference(pool), x, 4, 5);
            assertArrayEquals(serial.get(1).data(), parallel.get(1).data());
            assertArrayEquals(x.data(), Shapes.concat(Tape.inference(pool), parallel).data());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.concat(inference, Tensor.zeros(2, 3), Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.split(inference, Tensor.zeros(2, 7), 3, 3));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("6") && e.getMessage().contains("7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shapes.split(inference, Tensor.zeros(2, 7), 7, 0));
        assertTrue(e.getMessage().contains("width 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shapes.concat(inference, List.of()));
        assertEquals(1, Shapes.split(inference, Tensor.zeros(2, 7), 7).size());
    }
}
