package io.github.swapformer.reports.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final double[] A = {1, 2, 3};
    private static final double[] B = {4, 5, 6};

    @Test
    void welchTTestByHand() {
        // Both variances are 1, so s²/n = 1/3 each: t = (2 - 5) / sqrt(1/3 + 1/3) = -3.6742346.
        // Welch df = (1/3 + 1/3)² / ((1/3)²/2 + (1/3)²/2) = (4/9) / (1/9) = 4.
        // The t CDF with 4 df has a closed form: with u = t / sqrt(1 + t²/4),
        // F(t) = 1/2 + (3/8)·u·(1 − t²/(12(1 + t²/4))); two-sided p = 2·F(t) for t < 0 = 0.0213116.
        double t = -3 / Math.sqrt(2.0 / 3);
        double u = t / Math.sqrt(1 + t * t / 4);
        double p = 2 * (0.5 + 3.0 / 8 * u * (1 - t * t / (12 * (1 + t * t / 4))));
        assertEquals(0.021311641, p, 1e-8, "the hand arithmetic itself");
        assertEquals(p, Comparison.welch(A, B), 1e-9);
    }

    @Test
    void mannWhitneyByHand() {
        // No value of A exceeds one of B: U = 0; normal approximation without tie correction:
        // z = (0 − n1·n2/2) / sqrt(n1·n2·(n1+n2+1)/12) = −4.5 / sqrt(5.25) = −1.9639610; p = 2·Φ(z) = 0.0495346.
        assertEquals(0.04953461343562674, Comparison.mannWhitney(A, B), 1e-9);
    }

    @Test
    void effectSizesByHand() {
        // Pooled sd = sqrt((2·1 + 2·1) / 4) = 1, so d = (2 − 5) / 1 = −3;
        // Hedges' J = 1 − 3 / (4·6 − 9) = 0.8, so g = −2.4; every pair has A below B: r = 2·0/9 − 1 = −1.
        assertEquals(-3.0, EffectSizes.cohenD(A, B), 1e-12);
        assertEquals(-2.4, EffectSizes.hedgesG(A, B), 1e-12);
        assertEquals(-1.0, EffectSizes.rankBiserial(A, B), 1e-12);
        // Ties count one half: {1, 2} against {2, 3}: pairs above = 0, ties = 1 → U = 0.5, r = 2·0.5/4 − 1 = −0.75.
        assertEquals(-0.75, EffectSizes.rankBiserial(new double[] {1, 2}, new double[] {2, 3}), 1e-12);
    }

    @Test
    void testsThatCannotRunGiveNaN() {
        assertTrue(Double.isNaN(Comparison.welch(new double[] {1}, B)), "one seed: no t-test");
        assertTrue(Double.isNaN(Comparison.mannWhitney(new double[] {1}, B)), "one seed: no rank test");
        assertTrue(Double.isNaN(Comparison.welch(new double[] {1, 1}, new double[] {2, 2})),
                "no spread and different means: t is undefined");
        assertEquals(1.0, Comparison.welch(new double[] {1, 1}, new double[] {1, 1}), 0, "identical constants");
        assertTrue(Double.isNaN(EffectSizes.cohenD(new double[] {1, 1}, new double[] {1, 1})));
    }
}
