package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The exact GELU twins against a float64 reference, x·Φ(x) with erf summed by
 * {@link KernelMathTest#erfReference}, within the error the twins state: the vector erf is within
 * 4.5e-7, so GELU is within 2.3e-7·|x| (plus output rounding), and its slope Φ + x·φ within 3e-7.
 * (Twin agreement at every size is in {@link ActivationKernelsTest}.)
 */
class GeluKernelsTest {
    private static final double SQRT2 = Math.sqrt(2);

    private static float[] grid() {
        float[] x = new float[16 * 1000 + 7]; // a scalar tail too
        for (int i = 0; i < x.length; i++) {
            x[i] = -8f + 16f * i / x.length;
        }
        return x;
    }

    /**
     * The forward twin's integer clamps give exactly what erf's compares and blends give: ½x +
     * ½x·erf(x/√2) with {@link KernelMath.Vectorized#erf}, bit for bit, at every number; NaN stays NaN.
     */
    @Test
    void simdForwardEqualsHalfXTimesOnePlusVectorErfBitForBit() {
        jdk.incubator.vector.VectorSpecies<Float> species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] x = new float[species.length() * 3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = -14f + 28f * i / x.length;
        }
        float[] special = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.MIN_VALUE, -Float.MIN_VALUE, 5.5f, -5.5f, 5.66f, -5.66f, 1e20f, -1e20f, Float.NaN};
        System.arraycopy(special, 0, x, 0, special.length);
        float[] out = new float[x.length];
        GeluKernels.geluForwardSimd(out, x, 0, x.length);
        for (int i = 0; i < x.length; i += species.length()) {
            var v = jdk.incubator.vector.FloatVector.fromArray(species, x, i);
            var h = v.mul(0.5f);
            float[] expected = new float[species.length()];
            h.fma(KernelMath.Vectorized.erf(v.mul((float) (1 / SQRT2))), h).intoArray(expected, 0);
            for (int l = 0; l < species.length(); l++) {
                assertEquals(Float.floatToRawIntBits(expected[l]) == Float.floatToRawIntBits(out[i + l])
                        || Float.isNaN(expected[l]) && Float.isNaN(out[i + l]), true, "gelu(" + x[i + l] + ")");
            }
        }
    }

    @Test
    void simdForwardIsWithinItsStatedErrorOfExactGelu() {
        float[] x = grid();
        float[] out = new float[x.length];
        GeluKernels.geluForwardSimd(out, x, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = 0.5 * x[i] * (1 + KernelMathTest.erfReference(x[i] / SQRT2));
            double err = Math.abs(out[i] - exact);
            double bound = 2.3e-7 * Math.abs(x[i]) + 2 * Math.ulp((float) exact) + 1e-30;
            assertTrue(err <= bound, "gelu(" + x[i] + ") = " + out[i] + ", exact " + exact);
            worst = Math.max(worst, err / bound);
        }
        assertTrue(worst > 0.05, "the bound is not loose: worst error / bound = " + worst);
    }

    @Test
    void simdBackwardIsWithinItsStatedErrorOfTheExactSlope() {
        float[] x = grid();
        float[] dout = new float[x.length];
        java.util.Arrays.fill(dout, 1f);
        float[] dx = new float[x.length];
        GeluKernels.geluBackwardSimd(dx, dout, x, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double cdf = 0.5 * (1 + KernelMathTest.erfReference(x[i] / SQRT2));
            double pdf = Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI);
            double exact = cdf + x[i] * pdf;
            assertTrue(Math.abs(dx[i] - exact) <= 3e-7 + 2 * Math.ulp((float) exact),
                    "gelu'(" + x[i] + ") = " + dx[i] + ", exact " + exact);
        }
    }

    @Test
    void simdForwardKeepsNanAndInfinities() {
        float[] x = new float[32];
        x[0] = Float.NaN;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NEGATIVE_INFINITY;
        x[3] = -30f;
        x[4] = 30f;
        float[] out = new float[x.length];
        GeluKernels.geluForwardSimd(out, x, 0, x.length);
        assertTrue(Float.isNaN(out[0]));
        assertTrue(out[1] == Float.POSITIVE_INFINITY, "gelu(+inf) = " + out[1]);
        assertTrue(Float.isNaN(out[2]), "gelu(-inf) = -inf·0 is NaN, as the scalar spec: " + out[2]);
        assertTrue(out[3] <= 0f && out[3] > -1e-30f, "gelu(-30) = " + out[3]);
        assertTrue(out[4] == 30f, "gelu(30) = " + out[4]);
    }
}
