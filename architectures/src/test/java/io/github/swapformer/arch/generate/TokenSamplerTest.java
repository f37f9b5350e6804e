package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.core.random.Rng;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final float[] LOGITS = {2f, 1f, 0f, -1f, 1f}; // ids 1 and 4 tie
    private static final int DRAWS = 40_000;

    private static double[] frequencies(Decoding.Sample rule) {
        Rng rng = new Rng(42);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < DRAWS; i++) {
            f[TokenSampler.sample(LOGITS, 0, LOGITS.length, rule, rng)] += 1.0 / DRAWS;
        }
        return f;
    }

    /** softmax(LOGITS / t) restricted to {@code support} and renormalized, by hand. */
    private static double[] expected(double t, int... support) {
        double[] p = new double[LOGITS.length];
        double z = 0;
        for (int id : support) {
            p[id] = Math.exp(LOGITS[id] / t);
            z += p[id];
        }
        for (int id : support) {
            p[id] /= z;
        }
        return p;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            // 40,000 draws: a frequency's standard error is at most 0.0025; 0.012 is almost 5 of them.
            assertEquals(expected[i], actual[i], 0.012, what + ": id " + i);
        }
    }

    @Test
    void argmaxTakesTheFirstOfTies() {
        assertEquals(0, TokenSampler.argmax(LOGITS, 0, 5));
        assertEquals(0, TokenSampler.argmax(LOGITS, 1, 4)); // the row from offset 1: values 1, 0, -1, 1
        assertEquals(0, TokenSampler.argmax(new float[] {3f, 3f}, 0, 2));
    }

    @Test
    void plainSamplingFollowsTheTemperedSoftmax() {
        assertClose(expected(1, 0, 1, 2, 3, 4), frequencies(Decoding.Sample.withTemperature(1)), "T=1");
        assertClose(expected(2, 0, 1, 2, 3, 4), frequencies(Decoding.Sample.withTemperature(2)), "T=2");
        assertClose(expected(0.5, 0, 1, 2, 3, 4), frequencies(Decoding.Sample.withTemperature(0.5)), "T=0.5");
    }

    @Test
    void topKKeepsTheKMostLikelyWithTiesByIndex() {
        assertClose(expected(1, 0, 1), frequencies(new Decoding.Sample(1, 2, 1)), "k=2"); // id 1 beats its tie 4
        assertClose(expected(1, 0, 1, 4), frequencies(new Decoding.Sample(1, 3, 1)), "k=3");
        assertClose(expected(1, 0), frequencies(new Decoding.Sample(1, 1, 1)), "k=1");
    }

    /** Probabilities at T=1: 0.464, 0.171, 0.063, 0.023, 0.171 (hand computed). */
    @Test
    void topPKeepsTheSmallestSetReachingP() {
        assertClose(expected(1, 0), frequencies(new Decoding.Sample(1, 0, 0.4)), "p=0.4");
        assertClose(expected(1, 0, 1), frequencies(new Decoding.Sample(1, 0, 0.6)), "p=0.6");
        assertClose(expected(1, 0, 1, 4), frequencies(new Decoding.Sample(1, 0, 0.75)), "p=0.75");
        assertClose(expected(1, 0, 1, 2, 3, 4), frequencies(new Decoding.Sample(1, 0, 1.0)), "p=1");
        assertClose(expected(1, 0, 1), frequencies(new Decoding.Sample(1, 3, 0.6)), "k=3, p=0.6");
    }

    @Test
    void aSeedGivesTheSameDraws() {
        Decoding.Sample rule = new Decoding.Sample(1.3, 4, 0.9);
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(TokenSampler.sample(LOGITS, 0, 5, rule, a), TokenSampler.sample(LOGITS, 0, 5, rule, b));
        }
    }
}
