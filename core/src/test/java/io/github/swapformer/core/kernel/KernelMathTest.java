package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class KernelMathTest {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /**
     * erf by its everywhere-positive series erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
     * (Abramowitz &amp; Stegun 7.1.6), summed in double until the terms vanish: no cancellation, so it
     * is good to ~1e-15 for |x| ≤ 6, far beyond float.
     */
    static double erfReference(double x) {
        double ax = Math.abs(x);
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500 && term > 1e-18 * sum; n++) {
            term *= 2 * ax * ax / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum, x);
    }

    @Test
    void referenceErfMatchesTabulatedValues() {
        // Abramowitz & Stegun, Table 7.1 (erf to 15 digits).
        assertEquals(0.520499877813047, erfReference(0.5), 1e-14);
        assertEquals(0.842700792949715, erfReference(1.0), 1e-14);
        assertEquals(0.995322265018953, erfReference(2.0), 1e-14);
        assertEquals(-0.999977909503001, erfReference(-3.0), 1e-14);
    }

    @Test
    void scalarErfIsFloatAccurate() {
        double worst = 0;
        double worstAt = 0;
        for (int i = -60000; i <= 60000; i++) {
            float x = i * 1e-4f;
            double err = Math.abs(KernelMath.erf(x) - erfReference(x));
            if (err > worst) {
                worst = err;
                worstAt = x;
            }
        }
        // Measured worst case 1.43e-7 at x = -0.9821 (2.4 ulp of erf there), on a 1e-4 grid over [-6, 6].
        assertTrue(worst < 1.5e-7, "erf worst absolute error " + worst + " at x = " + worstAt);
        assertEquals(1f, KernelMath.erf(10f));
        assertEquals(-1f, KernelMath.erf(Float.NEGATIVE_INFINITY));
        assertEquals(0f, KernelMath.erf(0f));
        assertTrue(Float.isNaN(KernelMath.erf(Float.NaN)));
    }

    @Test
    void vectorErfIsWithinItsStatedErrorOfFloat64Erf() {
        float[] x = new float[SPECIES.length() * 7500];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - x.length / 2) * (12f / x.length); // a 1e-4 grid over [-6, 6)
        }
        float[] out = vectorErf(x);
        double worst = 0;
        double worstAt = 0;
        for (int i = 0; i < x.length; i++) {
            double err = Math.abs(out[i] - erfReference(x[i]));
            if (err > worst) {
                worst = err;
                worstAt = x[i];
            }
            assertTrue(Math.abs(out[i]) <= 1f, "|erf(" + x[i] + ")| = " + Math.abs(out[i]) + " > 1");
            // The scalar spec (1.5e-7) and the vector form (4.5e-7) differ by at most their sum.
            assertEquals(KernelMath.erf(x[i]), out[i], 6e-7, "vector erf(" + x[i] + ") against scalar erf");
        }
        // Measured worst case 4.42e-7 near x = ±3.90 (Eigen's rational evaluated in float).
        assertTrue(worst < 4.5e-7, "vector erf worst absolute error " + worst + " at x = " + worstAt);
    }

    @Test
    void vectorErfHandlesInfinityNanAndLargeArguments() {
        float[] x = new float[SPECIES.length()];
        x[0] = Float.POSITIVE_INFINITY;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = Float.NaN;
        x[3] = 1e30f;
        x[4] = -4.5f;
        x[5] = 0f;
        x[6] = 1e-30f;
        float[] out = vectorErf(x);
        assertEquals(1f, out[0]);
        assertEquals(-1f, out[1]);
        assertTrue(Float.isNaN(out[2]));
        assertEquals(1f, out[3]);
        assertEquals(-1f, out[4]);
        assertEquals(0f, out[5]);
        assertEquals(1.1283791670955126e-30, out[6], 1e-36); // erf(x) ≈ 2x/√π for tiny x
    }

    private static float[] vectorErf(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += SPECIES.length()) {
            KernelMath.Vectorized.erf(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
        }
        return out;
    }

    @Test
    void vectorExpIsWithinTwoUlpOfMathExp() {
        float[] x = new float[SPECIES.length() * 4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -87f + 175f * i / x.length;
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += SPECIES.length()) {
            KernelMath.Vectorized.exp(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
        }
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            assertEquals(expected, out[i], 2 * Math.ulp(expected), "exp(" + x[i] + ")");
        }
    }

    @Test
    void vectorExpUpTo88MatchesExpOnNonPositiveArguments() {
        float[] x = new float[SPECIES.length() * 6000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -100f + 100f * i / x.length; // [-100, 0): beyond -88 the result must be exactly 0
        }
        float[] out = new float[x.length];
        float[] full = new float[x.length];
        for (int i = 0; i < x.length; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            KernelMath.Vectorized.expUpTo88(v).intoArray(out, i);
            KernelMath.Vectorized.exp(v).intoArray(full, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(full[i], out[i], "expUpTo88 and exp agree bit for bit at " + x[i]);
            assertExpOfNonPositive(x[i], out[i]);
        }
    }

    @Test
    void vectorExpMinusMaxIsWithinTwoUlpOfMathExpAndExactAtTheEnds() {
        float[] x = new float[SPECIES.length() * 6000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -100f + 100f * i / x.length; // [-100, 0)
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = -0f;
        x[2] = 0f;
        x[3] = -Float.MIN_VALUE;
        x[4] = -Float.MAX_VALUE;
        x[5] = -88f;
        float[] out = new float[x.length];
        float sum = KernelMath.Vectorized.expMinusMax(out, x, 0, x.length, 0f);
        double expectedSum = 0;
        for (float v : out) {
            expectedSum += v;
        }
        assertEquals(expectedSum, sum, 1e-5 * expectedSum, "the sum of the exps");
        for (int i = 0; i < x.length; i++) {
            assertExpOfNonPositive(x[i], out[i]);
        }
        assertEquals(1f, out[1], "exp(-0)");
        assertEquals(1f, out[2], "exp(+0)");
        assertEquals(1f, out[3], "exp(-MIN_VALUE)");
    }

    @Test
    void vectorExpMinusMaxShiftsByMaxOnEverySizeAndOffset() {
        for (int n : new int[] {1, 7, 15, 16, 17, 31, 32, 33, 100, 1023}) {
            float[] z = new float[n + 3];
            for (int i = 0; i < z.length; i++) {
                z[i] = 2.5f - 0.37f * i;
            }
            float[] out = new float[n + 3];
            float sum = KernelMath.Vectorized.expMinusMax(out, z, 3, n, 2.5f);
            double expectedSum = 0;
            for (int i = 3; i < n + 3; i++) {
                assertExpOfNonPositive(z[i] - 2.5f, out[i]);
                expectedSum += out[i];
            }
            assertEquals(expectedSum, sum, 1e-5 * expectedSum, "sum n=" + n);
            assertEquals(0f, out[0] + out[1] + out[2], "nothing written before off");
        }
    }

    @Test
    void vectorExpSaturatesToZeroAndInfinity() {
        float[] x = new float[SPECIES.length()];
        x[0] = -1000f;
        x[1] = 1000f;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = Float.POSITIVE_INFINITY;
        x[4] = Float.NaN;
        x[5] = 0f;
        x[6] = 88.5f; // e^88.5 = 2.7e38 is finite, but past 88.38 the result is +∞ (see exp's Javadoc)
        x[7] = 89.5f;
        x[8] = -88f;
        float[] out = new float[x.length];
        KernelMath.Vectorized.exp(FloatVector.fromArray(SPECIES, x, 0)).intoArray(out, 0);
        assertEquals(0f, out[0]);
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertEquals(0f, out[2]);
        assertEquals(Float.POSITIVE_INFINITY, out[3]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(1f, out[5]);
        assertEquals(Float.POSITIVE_INFINITY, out[6]);
        assertEquals(Float.POSITIVE_INFINITY, out[7]);
        assertEquals(0f, out[8]);
        KernelMath.Vectorized.expUpTo88(FloatVector.fromArray(SPECIES, x, 0)).intoArray(out, 0);
        assertEquals(0f, out[2]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(1f, out[5]);
    }

    /** A vector exp at x ≤ 0: within 2 ulp of e^x, exactly 0 below −87.7, one smallest-normal step where e^x is subnormal. */
    private static void assertExpOfNonPositive(float x, float actual) {
        float expected = (float) Math.exp(x);
        if (x >= -87.3f) {
            assertEquals(expected, actual, 2 * Math.ulp(expected), "exp(" + x + ")");
        } else if (x < -87.7f) {
            assertEquals(0f, actual, "exp(" + x + ") flushes to 0");
        } else {
            assertEquals(expected, actual, Float.MIN_NORMAL, "exp(" + x + ")");
        }
    }
}
