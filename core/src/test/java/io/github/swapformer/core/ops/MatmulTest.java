package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatmulTest {
    private final Random random = new Random(7);

    @Test
    void linearMatchesHandComputedValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor b = Tensor.of(new float[] {0.5f, -1}, 2);
        Tensor y = Matmul.linear(Tape.inference(Parallel.serial()), x, w, b);
        assertArrayEquals(new float[] {1 - 3 + 0.5f, 2 + 2 - 1, 4 - 6 + 0.5f, 8 + 5 - 1}, y.data(), 1e-6f);
    }

    @Test
    void linearGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor w = GradCheck.randomLeaf(random, 3, 7);
        Tensor b = GradCheck.randomLeaf(random, 3);
        GradCheck.standard().check(List.of(x, w, b), tape -> Matmul.linear(tape, x, w, b));
    }

    @Test
    void batchedMatmulGradients() {
        Tensor a = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor b = GradCheck.randomLeaf(random, 2, 7, 3);
        GradCheck.standard().check(List.of(a, b), tape -> Matmul.matmul(tape, a, b));
        Tensor c = GradCheck.randomLeaf(random, 2, 3, 7);
        GradCheck.standard().check(List.of(a, c), tape -> Matmul.matmulTransposed(tape, a, c));
    }

    @Test
    void mismatchedShapesNameBoth() {
        Tape tape = Tape.inference(Parallel.serial());
        assertThrows(IllegalArgumentException.class,
                () -> Matmul.linear(tape, Tensor.zeros(2, 3), Tensor.zeros(4, 5), null));
    }
}
