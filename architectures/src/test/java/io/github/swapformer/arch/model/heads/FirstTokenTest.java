package io.github.swapformer.arch.model.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirstTokenTest {
    @Test
    void selectsPositionZeroOfEachRow() {
        float[] data = new float[2 * 3 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        Tensor y = FirstToken.select(Tape.inference(Parallel.serial()), Tensor.of(data, 2, 3, 2));
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {0, 1, 6, 7}, y.data());
    }

    @Test
    void gradient() {
        Tensor x = GradCheck.randomLeaf(new Random(2), 2, 5, 7);
        GradCheck.standard().check(List.of(x), tape -> FirstToken.select(tape, x));
    }

    @Test
    void refusesOtherRanks() {
        assertThrows(IllegalArgumentException.class, () -> FirstToken.select(Tape.inference(Parallel.serial()), Tensor.zeros(2, 3)));
    }
}
