package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Shared inputs and comparisons for the SIMD-versus-scalar kernel tests. */
final class Twins {
    /** Sizes of the feature axis that exercise an empty main loop, the tail, and several vectors. */
    static final int[] SIZES = {1, 7, 8, 15, 16, 17, 100, 1023};

    private Twins() {
    }

    /** Uniform in [-range, range), with exact zeros and a few large magnitudes mixed in. */
    static float[] random(Random random, int n, float range) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (random.nextFloat() * 2f - 1f) * range;
        }
        if (n > 3) {
            x[n / 2] = 0f;
            x[n / 3] = -0f;
        }
        if (n > 10) {
            x[1] = 30f * range;
            x[2] = -30f * range;
        }
        return x;
    }

    /** Fails naming the first element where |expected − actual| > atol + rtol·|expected|. */
    static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) expected[i] - actual[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i])) && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                fail(what + " differs at element " + i + " of " + expected.length + ": scalar " + expected[i]
                        + ", simd " + actual[i]);
            }
        }
    }
}
