package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PositionsTest {
    @Test
    void rangeIsSharedByEveryRow() {
        Positions p = Positions.range(4, 3);
        assertArrayEquals(new int[] {4, 5, 6, 4, 5, 6}, p.flat(2, 3, "x"));
        assertEquals(6, p.max());
        assertEquals(4, p.min());
        assertArrayEquals(new int[] {6, 7, 8}, p.shifted(2).flat(1, 3, "x"));
    }

    @Test
    void packedRowsKeepTheirOwnPositions() {
        Positions p = Positions.of(new int[][] {{0, 1, 0}, {5, 6, 7}});
        assertArrayEquals(new int[] {0, 1, 0, 5, 6, 7}, p.flat(2, 3, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.flat(3, 3, "queries"));
        assertTrue(e.getMessage().contains("batch 3") && e.getMessage().contains("2 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.flat(2, 4, "queries"));
        assertTrue(e.getMessage().contains("4 tokens"), e.getMessage());
    }

    @Test
    void badPositionsAreRefusedWithTheirValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Positions.range(-1, 3));
        assertTrue(e.getMessage().contains("offset -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Positions.of(new int[][] {{0, -2}}));
        assertTrue(e.getMessage().contains("position -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Positions.of(new int[][] {{0, 1}, {0}}));
        assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
    }
}
