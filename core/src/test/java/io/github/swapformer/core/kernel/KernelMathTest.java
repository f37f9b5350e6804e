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
    void vectorErfMatchesScalarErf() {
        float[] x = new float[SPECIES.length() * 1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - x.length / 2) * (12f / x.length);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i += SPECIES.length()) {
            KernelMath.Vectorized.erf(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(KernelMath.erf(x[i]), out[i], 2e-7, "erf(" + x[i] + ")");
        }
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
    void vectorExpSaturatesToZeroAndInfinity() {
        float[] x = new float[SPECIES.length()];
        x[0] = -1000f;
        x[1] = 1000f;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = Float.POSITIVE_INFINITY;
        x[4] = Float.NaN;
        x[5] = 0f;
        float[] out = new float[x.length];
        KernelMath.Vectorized.exp(FloatVector.fromArray(SPECIES, x, 0)).intoArray(out, 0);
        assertEquals(0f, out[0]);
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertEquals(0f, out[2]);
        assertEquals(Float.POSITIVE_INFINITY, out[3]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(1f, out[5]);
    }
}
