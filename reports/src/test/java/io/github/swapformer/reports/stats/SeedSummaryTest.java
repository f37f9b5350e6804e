package io.github.swapformer.reports.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedSummaryTest {

    @Test
    void threeSeedsByHand() {
        // {1, 2, 3}: mean 2, sample sd sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1;
        // t(0.975, df 2) = 4.302652729911275 (standard t table), half-width = 4.3026527 / sqrt(3) = 2.4841377.
        SeedSummary s = SeedSummary.of(new double[] {1, 2, 3});
        assertEquals(3, s.n());
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(1.0, s.sd(), 1e-12);
        assertEquals(2 - 2.484137711843753, s.ciLow(), 1e-9);
        assertEquals(2 + 2.484137711843753, s.ciHigh(), 1e-9);
        assertEquals(2.484137711843753, s.halfWidth(), 1e-9);
    }

    @Test
    void oneSeedHasNoSpreadAndNoInterval() {
        SeedSummary s = SeedSummary.of(new double[] {0.7});
        assertEquals(0.7, s.mean(), 0);
        assertTrue(Double.isNaN(s.sd()), "sd of one value is unknown, not zero");
        assertFalse(s.hasInterval());
    }

    @Test
    void noSeedsIsEmpty() {
        assertEquals(0, SeedSummary.of(new double[0]).n());
        assertTrue(Double.isNaN(SeedSummary.of(new double[0]).mean()));
    }
}
