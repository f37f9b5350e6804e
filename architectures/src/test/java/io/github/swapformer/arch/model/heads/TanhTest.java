package io.github.swapformer.arch.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TanhTest {
    @Test
    void goldenValues() {
        // tanh(0.5) = 0.46211715726, tanh(-2) = -0.96402758008, tanh(20) = 1 (Abramowitz & Stegun 4.5, to float precision)
        Tensor y = Tanh.apply(Tape.inference(Parallel.serial()), Tensor.of(new float[] {0f, 0.5f, -2f, 20f}, 4));
        assertEquals(0f, y.data()[0], 0f);
        assertEquals(0.46211715726f, y.data()[1], 1e-7f);
        assertEquals(-0.96402758008f, y.data()[2], 1e-7f);
        assertEquals(1f, y.data()[3], 0f);
    }

    @Test
    void gradient() {
        Tensor x = GradCheck.randomLeaf(new Random(1), 2, 5, 7);
        GradCheck.standard().check(List.of(x), tape -> Tanh.apply(tape, x));
    }
}
