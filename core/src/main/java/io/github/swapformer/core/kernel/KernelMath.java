package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float-accurate exp, erf and the logistic sigmoid for the activation kernels, in a scalar form
 * (erf only: Java has none) and a Vector API form. The vector forms are polynomials written here
 * rather than {@code VectorOperators.EXP}, whose speed and last bits vary by JDK and platform;
 * a polynomial gives the same bits everywhere and runs as plain fma chains.
 *
 * <p>exp: Cephes {@code expf} (S. L. Moshier): e^x = 2^k · e^r with k = round(x·log2 e), r reduced
 * in two parts (Cody–Waite) and a degree-5 minimax polynomial for e^r − 1 − r; about 1 ulp.
 * erf: the rational approximation x·P(x²)/Q(x²) on [−4, 4] used by Eigen
 * ({@code generic_fast_erf_float}) and XLA; beyond |x| = 4, erf(x) rounds to ±1 in float.
 */
public final class KernelMath {
    // erf numerator, coefficients of x^1, x^3, ..., x^13 (odd polynomial written as x·P(x²)).
    private static final float A1 = -1.60960333262415e-02f;
    private static final float A3 = -2.95459980854025e-03f;
    private static final float A5 = -7.34990630326855e-04f;
    private static final float A7 = -5.69250639462346e-05f;
    private static final float A9 = -2.10102402082508e-06f;
    private static final float A11 = 2.77068142495902e-08f;
    private static final float A13 = -2.72614225801306e-10f;
    // erf denominator, coefficients of x^0, x^2, ..., x^8.
    private static final float B0 = -1.42647390514189e-02f;
    private static final float B2 = -7.37332916720468e-03f;
    private static final float B4 = -1.68282697438203e-03f;
    private static final float B6 = -2.13374055278905e-04f;
    private static final float B8 = -1.45660718464996e-05f;
    private static final float ERF_CLAMP = 4f;

    // exp: the clamp keeps 2^k a normal float (k in [-126, 127]); results outside are 0 or inf anyway.
    private static final float EXP_LO = -87.0f;
    private static final float EXP_HI = 88.0f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = 0x4B400000;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private KernelMath() {
    }

    /** A constant broadcast to every lane (C2 hoists these out of the kernels' loops). */
    private static FloatVector k(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    /** erf(x) to about 1e-7 absolute; NaN stays NaN. */
    public static float erf(float x) {
        float c = Math.max(-ERF_CLAMP, Math.min(ERF_CLAMP, x));
        float c2 = c * c;
        float p = ((((((A13 * c2 + A11) * c2 + A9) * c2 + A7) * c2 + A5) * c2 + A3) * c2 + A1) * c;
        float q = (((B8 * c2 + B6) * c2 + B4) * c2 + B2) * c2 + B0;
        return p / q;
    }

    /** Lane-wise {@link #erf(float)} (with fma); {@code x} must be of {@code SPECIES_PREFERRED}. */
    public static FloatVector erf(FloatVector x) {
        FloatVector c = x.max(-ERF_CLAMP).min(ERF_CLAMP);
        FloatVector c2 = c.mul(c);
        FloatVector p = c2.fma(A13, A11);
        p = p.fma(c2, k(A9));
        p = p.fma(c2, k(A7));
        p = p.fma(c2, k(A5));
        p = p.fma(c2, k(A3));
        p = p.fma(c2, k(A1)).mul(c);
        FloatVector q = c2.fma(B8, B6);
        q = q.fma(c2, k(B4));
        q = q.fma(c2, k(B2));
        q = q.fma(c2, k(B0));
        return p.div(q);
    }

    /**
     * Lane-wise e^x, about 1 ulp for x in [−87, 88]; 0 below −87 (where e^x is denormal) and +∞
     * above 88 (where e^x ≥ 1.6e38): activations only need the right limits there.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector shifted = xc.fma(LOG2E, ROUND_MAGIC); // rounds x·log2 e to the nearest integer k
        FloatVector kf = shifted.sub(ROUND_MAGIC);
        FloatVector r = kf.fma(k(-LN2_HI), xc);
        r = kf.fma(k(-LN2_LO), r);
        FloatVector y = r.fma(P0, P1);
        y = y.fma(r, k(P2));
        y = y.fma(r, k(P3));
        y = y.fma(r, k(P4));
        y = y.fma(r, k(P5));
        y = y.fma(r.mul(r), r).add(1f);
        FloatVector twoToK = shifted.reinterpretAsInts()
                .sub(ROUND_MAGIC_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return y.mul(twoToK)
                .blend(0f, x.compare(VectorOperators.LT, EXP_LO))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
    }

    /** Lane-wise logistic σ(x) = 1 / (1 + e^−x). */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector one = k(1f);
        return one.div(exp(x.neg()).add(one));
    }
}
