package io.github.swapformer.reports.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void threePValuesByHand() {
        // Sorted: 0.01 (×3 = 0.03), 0.03 (×2 = 0.06), 0.04 (×1 = 0.04, raised to the running max 0.06).
        assertArrayEquals(new double[] {0.03, 0.06, 0.06}, Holm.adjust(new double[] {0.01, 0.04, 0.03}), 1e-12);
    }

    @Test
    void capsAtOneAndLeavesNaNOutOfTheFamily() {
        // The NaN is not counted: m = 2. 0.02 ×2 = 0.04; 0.7 ×1 = 0.7.
        assertArrayEquals(new double[] {0.04, Double.NaN, 0.7}, Holm.adjust(new double[] {0.02, Double.NaN, 0.7}),
                1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 1e-12);
    }

    @Test
    void rejectsImpossiblePValues() {
        assertThrows(IllegalArgumentException.class, () -> Holm.adjust(new double[] {1.5}));
    }
}
