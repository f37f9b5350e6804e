package io.github.swapformer.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {
    private static final int N = 200_000;

    @Test
    void gaussianMomentsForAFixedSeed() {
        Rng rng = new Rng(2024);
        double sum = 0;
        double sumSq = 0;
        double sumFourth = 0;
        for (int i = 0; i < N; i++) {
            double x = rng.nextGaussian();
            sum += x;
            sumSq += x * x;
            sumFourth += x * x * x * x;
        }
        double mean = sum / N;
        double var = sumSq / N - mean * mean;
        // Standard errors: mean 1/√N ≈ 0.0022, variance √(2/N) ≈ 0.0032, 4th moment √(96/N) ≈ 0.022; bounds ≈ 4.5σ.
        assertEquals(0, mean, 0.01);
        assertEquals(1, var, 0.015);
        assertEquals(3, sumFourth / N, 0.1);
    }

    @Test
    void uniformDrawsStayInRangeAndAreFlat() {
        Rng rng = new Rng(1);
        int[] counts = new int[10];
        for (int i = 0; i < N; i++) {
            double d = rng.nextDouble();
            float f = rng.nextFloat();
            assertTrue(d >= 0 && d < 1 && f >= 0 && f < 1);
            counts[rng.nextInt(10)]++;
        }
        for (int c : counts) {
            // expected 20000 per bin, σ ≈ 134
            assertEquals(N / 10.0, c, 700);
        }
    }

    @Test
    void sameSeedSameStreamAndPinnedValues() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextGaussian(), b.nextGaussian());
        }
        // Pinned: computed by an independent Python reimplementation (SplitMix64 as SplittableRandom,
        // the polar method with glibc's log and sqrt) and equal to what this class gives on JDK 17
        // and JDK 25: SplitMix64 bits, the polar method and StrictMath make these exact across JVMs.
        Rng pinned = new Rng(42);
        double[] got = {pinned.nextDouble(), pinned.nextGaussian(), pinned.nextGaussian(), pinned.nextInt(1000)};
        assertArrayEquals(PINNED_42, got);
    }

    private static final double[] PINNED_42 = {0.7415648787718233, -0.7657743575950964, -0.49852031258865775, 935};

    @Test
    void shuffleIsAPermutation() {
        int[] a = new int[100];
        Arrays.setAll(a, i -> i);
        new Rng(3).shuffle(a);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertTrue(a[0] != 0 || a[1] != 1 || a[2] != 2);
    }

    @Test
    void badBoundIsRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Rng(1).nextInt(0))
                .getMessage().contains("bound 0"));
    }
}
