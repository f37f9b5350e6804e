package io.github.swapformer.core.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Reductions;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TapeTest {
    private final Parallel pool = Parallel.serial();

    /** loss = Σ (x ⊙ x): d loss / dx = 2x. */
    private static Tensor squares(Tape tape, Tensor x) {
        return Reductions.sum(tape, Elementwise.multiply(tape, x, x));
    }

    @Test
    void backwardReplaysInReverseAndGradientsAccumulateUntilZeroed() {
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).withGrad();
        Tape tape = Tape.recording(pool);
        tape.backward(squares(tape, x));
        assertArrayEquals(new float[] {2, -4, 6}, x.grad());
        assertEquals(0, tape.size(), "backward clears the tape");

        Tape again = Tape.recording(pool);
        again.backward(squares(again, x));
        assertArrayEquals(new float[] {4, -8, 12}, x.grad(), "a second backward adds to the gradient");

        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, x.grad());
    }

    @Test
    void inferenceTapeRecordsNothingAndGivesOutputsNoGradient() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).withGrad();
        Tape tape = Tape.inference(pool);
        Tensor y = squares(tape, x);
        assertEquals(5f, y.item());
        assertEquals(0, tape.size());
        assertNull(y.grad());
        assertFalse(tape.needsGrad(x));
        assertThrows(IllegalStateException.class, () -> tape.backward(y));
    }

    @Test
    void opsOnInputsWithoutGradientsRecordNothing() {
        Tape tape = Tape.recording(pool);
        Tensor y = squares(tape, Tensor.of(new float[] {1, 2}, 2));
        assertEquals(0, tape.size());
        assertThrows(IllegalArgumentException.class, () -> tape.backward(y), "nothing to differentiate");
    }

    @Test
    void backwardNeedsAOneElementLossOrAMatchingSeed() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).withGrad();
        Tape tape = Tape.recording(pool);
        Tensor y = Elementwise.scale(tape, x, 3f);
        assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
        assertThrows(IllegalArgumentException.class, () -> tape.backward(y, new float[] {1}));
        tape.backward(y, new float[] {1, 10});
        assertArrayEquals(new float[] {3, 30}, x.grad());
    }

    @Test
    void randomSeedsDependOnTheTapeSeedAndTheOrderOnly() {
        Tape a = Tape.recording(pool).seeded(42);
        Tape b = Tape.recording(pool).seeded(42);
        long first = a.nextRandomSeed();
        assertEquals(first, b.nextRandomSeed());
        assertNotEquals(first, a.nextRandomSeed(), "each draw is a new stream");
        assertNotEquals(first, Tape.recording(pool).seeded(43).nextRandomSeed());
    }
}
