package io.github.swapformer.core.ops;

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

class ReductionsTest {
    private final Random random = new Random(31);

    @Test
    void sumAndMeanOfKnownValues() {
        Tape tape = Tape.inference(Parallel.serial());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor sum = Reductions.sum(tape, x);
        assertEquals(0, sum.rank());
        assertEquals(21f, sum.item());
        assertEquals(3.5f, Reductions.mean(tape, x).item());
    }

    @Test
    void gradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        GradCheck.standard().check(List.of(x), tape -> Reductions.sum(tape, x));
        GradCheck.standard().check(List.of(x), tape -> Reductions.mean(tape, x));
    }

    @Test
    void meanBackwardSpreadsTheSeedEvenly() {
        Tensor x = GradCheck.randomLeaf(random, 3, 5);
        Tape tape = Tape.recording(Parallel.serial());
        tape.backward(Reductions.mean(tape, x));
        for (float g : x.grad()) {
            assertEquals(1f / 15, g, 1e-9);
        }
    }

    @Test
    void sumIsBitwiseTheSameForOneAndTwoThreadsAndAccurate() {
        int n = 1_000_003;
        float[] x = new float[n];
        double exact = 0;
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat();
            exact += x[i];
        }
        Tensor t = Tensor.of(x, n);
        float one;
        float two;
        try (Parallel serial = Parallel.serial(); Parallel pool = Parallel.of(2)) {
            one = Reductions.sum(Tape.inference(serial), t).item();
            two = Reductions.sum(Tape.inference(pool), t).item();
        }
        assertEquals(one, two, 0f);
        // Float lanes within 4096-element blocks, blocks in double: within a few float ulps of the sum.
        assertEquals(exact, one, 4 * Math.ulp((float) exact));
    }

    @Test
    void meanOfNothingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.mean(Tape.inference(Parallel.serial()), Tensor.zeros(0, 3)));
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
    }
}
