package io.github.swapformer.arch.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MasksTest {
    private static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    void causalHidesTheFutureOnly() {
        Tensor m = Masks.causal(2, 3, 3);
        assertArrayEquals(new int[] {2, 1, 3, 3}, m.shape());
        float[] row = {0, NEG, NEG, 0, 0, NEG, 0, 0, 0};
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 9; i++) {
                assertEquals(row[i], m.data()[b * 9 + i]);
            }
        }
    }

    @Test
    void causalWithCachedKeysSeesTheWholePrefix() {
        Tensor m = Masks.causal(1, 2, 5); // queries at positions 3 and 4
        assertArrayEquals(new float[] {0, 0, 0, 0, NEG, 0, 0, 0, 0, 0}, m.data());
        assertThrows(IllegalArgumentException.class, () -> Masks.causal(1, 3, 2));
    }

    @Test
    void bidirectionalHidesNothing() {
        for (float v : Masks.bidirectional(2, 3, 4).data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void prefixIsBidirectionalInsideThePrefixAndCausalAfter() {
        Tensor m = Masks.prefix(1, 4, 2);
        float[] expected = {
            0, 0, NEG, NEG,
            0, 0, NEG, NEG,
            0, 0, 0, NEG,
            0, 0, 0, 0};
        assertArrayEquals(expected, m.data());
        assertArrayEquals(Masks.causal(1, 4, 4).data(), Masks.prefix(1, 4, 0).data());
        assertArrayEquals(Masks.bidirectional(1, 4, 4).data(), Masks.prefix(1, 4, 4).data());
        assertThrows(IllegalArgumentException.class, () -> Masks.prefix(1, 4, 5));
    }

    @Test
    void paddingHidesPaddedKeysOfItsRowOnly() {
        Tensor m = Masks.padding(new boolean[][] {{true, true, false}, {true, false, false}}, 2);
        assertArrayEquals(new float[] {0, 0, NEG, 0, 0, NEG, 0, NEG, NEG, 0, NEG, NEG}, m.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Masks.padding(new boolean[][] {{true}, {true, false}}, 1));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void combineHidesWhatEitherHides() {
        Tensor c = Masks.combine(Masks.causal(1, 2, 2), Masks.padding(new boolean[][] {{false, true}}, 2));
        assertArrayEquals(new float[] {NEG, NEG, NEG, 0}, c.data());
        assertThrows(IllegalArgumentException.class, () -> Masks.combine(Masks.causal(1, 2, 2), Masks.causal(1, 3, 3)));
    }
}
