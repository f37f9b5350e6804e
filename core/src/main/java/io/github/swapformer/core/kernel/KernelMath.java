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
 * erf: Cephes {@code erff} (ndtrf.c): x·T(x²) for |x| &lt; 1, else ±(1 − e^(−x²)·R(1/x²)/|x|), so
 * that 1 − erf has no cancellation; the same polynomials serve float erf in XLA and TensorFlow.
 */
public final class KernelMath {
    // erf(x) = x·T(x²) for |x| < 1 (Cephes ndtrf.c, single precision), highest power first.
    private static final float[] ERF_T = {
        7.853861353153693e-5f, -8.010193625184903e-4f, 5.188327685732524e-3f, -2.685381193529856e-2f,
        1.128358514861418e-1f, -3.761262582423300e-1f, 1.128379165726710e+0f};
    // erfc(x) = e^(−x²)·(1/x)·P(1/x²) for 1 ≤ x < 2.
    private static final float[] ERFC_P = {
        2.326819970068386e-2f, -1.387039388740657e-1f, 3.687424674597105e-1f, -5.824733027278666e-1f,
        6.210004621745983e-1f, -4.944515323274145e-1f, 3.404879937665872e-1f, -2.741127028184656e-1f,
        5.638259427386472e-1f};
    // erfc(x) = e^(−x²)·(1/x)·R(1/x²) for x ≥ 2.
    private static final float[] ERFC_R = {
        -1.047766399936249e+1f, 1.297719955372516e+1f, -7.495518717768503e+0f, 2.921019019210786e+0f,
        -1.015265279202700e+0f, 4.218463358204948e-1f, -2.820767439740514e-1f, 5.641895067754075e-1f};

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

    /**
     * erf(x) to about 1e-7 absolute: x·T(x²) for |x| &lt; 1, else ±(1 − erfc|x|) with erfc from its
     * asymptotic form, which has no cancellation. NaN stays NaN.
     */
    public static float erf(float x) {
        float a = Math.abs(x);
        if (a < 1f) {
            return x * horner(ERF_T, x * x);
        }
        float q = 1f / a;
        float poly = horner(a < 2f ? ERFC_P : ERFC_R, q * q);
        float erfc = (float) Math.exp(-a * a) * q * poly;
        return Math.copySign(1f - erfc, x);
    }

    private static float horner(float[] c, float z) {
        float p = c[0];
        for (int i = 1; i < c.length; i++) {
            p = p * z + c[i];
        }
        return p;
    }

    /** Lane-wise {@link #erf(float)} (with fma; both branches computed, then blended). */
    public static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector small = x.mul(horner(ERF_T, x.mul(x)));
        FloatVector q = k(1f).div(a);
        FloatVector q2 = q.mul(q);
        FloatVector poly = horner(ERFC_R, q2).blend(horner(ERFC_P, q2), a.compare(VectorOperators.LT, 2f));
        FloatVector erfc = exp(a.mul(a).neg()).mul(q).mul(poly);
        FloatVector oneMinus = k(1f).sub(erfc);
        FloatVector large = oneMinus.blend(oneMinus.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, 1f));
    }

    private static FloatVector horner(float[] c, FloatVector z) {
        FloatVector p = k(c[0]);
        for (int i = 1; i < c.length; i++) {
            p = p.fma(z, k(c[i]));
        }
        return p;
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
