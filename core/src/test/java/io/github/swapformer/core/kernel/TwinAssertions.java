package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Random inputs and an elementwise closeness check for comparing a SIMD twin with its scalar spec. */
final class TwinAssertions {
    /** Last-axis sizes that exercise an empty main loop, exact vectors and scalar tails (16 lanes on AVX-512). */
    static final int[] SIZES = {1, 7, 8, 15, 16, 17, 100, 1023};

    private TwinAssertions() {
    }

    static float[] random(Random random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() * 2f - 1f) * scale;
        }
        return a;
    }

    /** Fails naming the first element where |a − b| > atol + rtol·max(|a|, |b|); equal infinities pass. */
    static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " and " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (e == a) {
                continue;
            }
            double err = Math.abs((double) e - a);
            if (!(err <= atol + rtol * Math.max(Math.abs(e), Math.abs(a)))) {
                fail(what + ": element " + i + " scalar " + e + ", simd " + a);
            }
        }
    }
}
