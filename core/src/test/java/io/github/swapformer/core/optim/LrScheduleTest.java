package io.github.swapformer.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void constant() {
        LrSchedule s = new LrSchedule.Constant(3e-4);
        assertEquals(3e-4, s.at(0));
        assertEquals(3e-4, s.at(1_000_000));
    }

    @Test
    void warmupCosineCorners() {
        LrSchedule s = new LrSchedule.WarmupCosine(1.0, 10, 110, 0.1);
        assertEquals(0.1, s.at(0), TOL);          // 1·(0+1)/10
        assertEquals(0.5, s.at(4), TOL);          // 1·5/10
        assertEquals(1.0, s.at(9), TOL);          // last warmup step reaches the peak
        assertEquals(1.0, s.at(10), TOL);         // cosine starts at the peak
        assertEquals(0.55, s.at(60), TOL);        // halfway: 0.1 + 0.5·(1 + cos π/2)·0.9
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 99 / 100)), s.at(109), TOL);
        assertEquals(0.1, s.at(110), TOL);        // end
        assertEquals(0.1, s.at(5000), TOL);       // past the end
    }

    @Test
    void noWarmupStartsAtPeak() {
        assertEquals(2.0, new LrSchedule.WarmupCosine(2.0, 0, 10, 0).at(0), TOL);
        assertEquals(2.0, new LrSchedule.WarmupLinear(2.0, 0, 10).at(0), TOL);
        // warmup == total: warmup, then straight to the floor
        assertEquals(0.3, new LrSchedule.WarmupCosine(1.0, 10, 10, 0.3).at(10), TOL);
    }

    @Test
    void warmupLinearCorners() {
        LrSchedule s = new LrSchedule.WarmupLinear(1.0, 10, 110, 0.0);
        assertEquals(0.1, s.at(0), TOL);
        assertEquals(1.0, s.at(9), TOL);
        assertEquals(1.0, s.at(10), TOL);
        assertEquals(0.5, s.at(60), TOL);         // 1 + (0 − 1)·50/100
        assertEquals(0.0, s.at(110), TOL);
        assertEquals(0.0, s.at(111), TOL);
        assertEquals(0.2, new LrSchedule.WarmupLinear(1.0, 0, 10, 0.2).at(10), TOL);
    }

    @Test
    void inverseSqrtCorners() {
        // Vaswani et al. 2017, eq. 3 with d_model 512, warmup 4000, s = step + 1.
        LrSchedule s = new LrSchedule.InverseSqrt(512, 4000, 1.0);
        double peak = 1 / Math.sqrt(512.0 * 4000.0); // 6.98771…e-4 at s = 4000
        assertEquals(Math.pow(512, -0.5) * Math.pow(4000, -1.5), s.at(0), TOL);   // s = 1
        assertEquals(peak / 2, s.at(1999), TOL);                                  // s = w/2: linear half
        assertEquals(peak, s.at(3999), TOL);                                      // end of warmup
        assertTrue(s.at(3998) < peak && s.at(4000) < peak);
        assertEquals(peak / 2, s.at(15999), TOL);                                 // s = 4w: 1/√4
        assertEquals(2 * peak, new LrSchedule.InverseSqrt(512, 4000, 2.0).at(3999), TOL);
    }

    @Test
    void validationNamesTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.WarmupCosine(1, 20, 10, 0))
                .getMessage().contains("warmupSteps 20 exceeds totalSteps 10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.WarmupLinear(1, -1, 10))
                .getMessage().contains("warmupSteps -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.WarmupCosine(1, 0, 0, 0))
                .getMessage().contains("totalSteps 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.InverseSqrt(512, 0, 1))
                .getMessage().contains("warmupSteps 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Constant(-1))
                .getMessage().contains("lr -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Constant(1).at(-1))
                .getMessage().contains("step -1"));
    }
}
