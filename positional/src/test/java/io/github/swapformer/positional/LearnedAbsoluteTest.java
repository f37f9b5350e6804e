package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LearnedAbsoluteTest {
    private static final AttentionShape SHAPE = new AttentionShape(6, 2, 2, 3, 10, true);
    private static final Tape TAPE = Tape.inference(Parallel.serial());

    @Test
    void positionPastTheTableNamesTheTableSize() {
        LearnedAbsolute enc = new LearnedAbsolute(LearnedAbsolute.Spec.defaults(), SHAPE, 1);
        assertFalse(enc.extrapolates());
        assertEquals(10, enc.maxPositions().getAsInt());
        for (int offset : new int[] {8, 1_000_000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> enc.embed(TAPE, Tensor.zeros(1, 3, 6), Positions.range(offset, 3)));
            assertTrue(e.getMessage().contains("table of 10 positions"), e.getMessage());
        }
    }

    @Test
    void clampPolicyReusesTheLastRow() {
        LearnedAbsolute enc = new LearnedAbsolute(new LearnedAbsolute.Spec(0, LearnedAbsolute.OutOfRange.CLAMP), SHAPE, 1);
        assertTrue(enc.extrapolates());
        Tensor y = enc.embed(TAPE, Tensor.zeros(1, 3, 6), Positions.range(8, 3));
        for (int c = 0; c < 6; c++) {
            assertEquals(enc.weight().get(8, c), y.get(0, 0, c), 0);
            assertEquals(enc.weight().get(9, c), y.get(0, 1, c), 0);
            assertEquals(enc.weight().get(9, c), y.get(0, 2, c), 0);
        }
    }

    @Test
    void ownTableSizeAndNames() {
        LearnedAbsolute enc = new LearnedAbsolute(new LearnedAbsolute.Spec(4, LearnedAbsolute.OutOfRange.ERROR), SHAPE, 1);
        assertEquals("[4, 6]", enc.weight().shapeString());
        assertEquals("weight", enc.parameters().get(0).name());
        assertThrows(IllegalArgumentException.class, () -> new LearnedAbsolute.Spec(-1, LearnedAbsolute.OutOfRange.ERROR));
    }
}
