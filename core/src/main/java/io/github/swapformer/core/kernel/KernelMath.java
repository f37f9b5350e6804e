package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
 * erf: Cephes {@code erff} (ndtrf.c): x·T(x²) for |x| &lt; 1, else ±(1 − e^(−x²)·P(1/x²)/|x|), so
 * that 1 − erf has no cancellation; the same polynomials serve float erf in XLA and TensorFlow.
 *
 * <p>Every vector constant is a {@code static final} vector: broadcasting it inside a kernel's
 * loop adds enough C2 nodes to hit {@code NodeCountInliningCutoff}, and a Vector API call that is
 * not inlined boxes its vectors (measured 5–10x slower for GELU).
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

    private KernelMath() {
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

    /**
     * The Vector API forms, in a class of their own so that the JVM loads and verifies them only
     * when a SIMD twin runs (see {@link Simd}). Call them only from another class's Vectorized holder.
     */
    public static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());

        private static final FloatVector ZERO = k(0f);
        private static final FloatVector ONE = k(1f);
        private static final FloatVector TWO = k(2f);
        private static final FloatVector INFINITY = k(Float.POSITIVE_INFINITY);
        private static final FloatVector T0 = k(ERF_T[0]), T1 = k(ERF_T[1]), T2 = k(ERF_T[2]), T3 = k(ERF_T[3]),
                T4 = k(ERF_T[4]), T5 = k(ERF_T[5]), T6 = k(ERF_T[6]);
        private static final FloatVector P0 = k(ERFC_P[0]), P1 = k(ERFC_P[1]), P2 = k(ERFC_P[2]), P3 = k(ERFC_P[3]),
                P4 = k(ERFC_P[4]), P5 = k(ERFC_P[5]), P6 = k(ERFC_P[6]), P7 = k(ERFC_P[7]), P8 = k(ERFC_P[8]);
        private static final FloatVector R0 = k(ERFC_R[0]), R1 = k(ERFC_R[1]), R2 = k(ERFC_R[2]), R3 = k(ERFC_R[3]),
                R4 = k(ERFC_R[4]), R5 = k(ERFC_R[5]), R6 = k(ERFC_R[6]), R7 = k(ERFC_R[7]);

        // exp: the clamp keeps 2^k a normal float (k in [-126, 127]); outside it the result is 0 or +inf.
        private static final float EXP_LO_VALUE = -87.0f;
        private static final float EXP_HI_VALUE = 88.0f;
        private static final FloatVector EXP_LO = k(EXP_LO_VALUE);
        private static final FloatVector EXP_HI = k(EXP_HI_VALUE);
        private static final FloatVector LOG2E = k(1.44269504088896341f);
        /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
        private static final FloatVector ROUND_MAGIC = k(12582912f);
        /** The bits of ROUND_MAGIC less the exponent bias: subtracting them from (ROUND_MAGIC + k) gives k + 127. */
        private static final IntVector EXPONENT_OFFSET = IntVector.broadcast(INT_SPECIES, 0x4B400000 - 127);
        private static final FloatVector MINUS_LN2_HI = k(-0.693359375f);
        private static final FloatVector MINUS_LN2_LO = k(2.12194440e-4f);
        private static final FloatVector E0 = k(1.9875691500e-4f), E1 = k(1.3981999507e-3f), E2 = k(8.3334519073e-3f),
                E3 = k(4.1665795894e-2f), E4 = k(1.6666665459e-1f), E5 = k(5.0000001201e-1f);

        private Vectorized() {
        }

        private static FloatVector k(float value) {
            return FloatVector.broadcast(SPECIES, value);
        }

        /**
         * Lane-wise {@link KernelMath#erf(float)} with fma; all three polynomials are computed and blended.
         * {@code x} must be of {@code SPECIES_PREFERRED}.
         */
        public static FloatVector erf(FloatVector x) {
            return erf(x, exp(x.mul(x).neg()));
        }

        /**
         * {@link #erf(FloatVector)} given e^(−x²), for callers that need that Gaussian factor too
         * (GELU's backward): one exp instead of two, and fewer C2 nodes.
         */
        public static FloatVector erf(FloatVector x, FloatVector expMinusXSquared) {
            FloatVector a = x.abs();
            FloatVector z = x.mul(x);
            FloatVector small = x.mul(z.fma(T0, T1).fma(z, T2).fma(z, T3).fma(z, T4).fma(z, T5).fma(z, T6));
            FloatVector q = ONE.div(a);
            FloatVector q2 = q.mul(q);
            FloatVector p = q2.fma(P0, P1).fma(q2, P2).fma(q2, P3).fma(q2, P4).fma(q2, P5).fma(q2, P6).fma(q2, P7).fma(q2, P8);
            FloatVector r = q2.fma(R0, R1).fma(q2, R2).fma(q2, R3).fma(q2, R4).fma(q2, R5).fma(q2, R6).fma(q2, R7);
            FloatVector erfc = expMinusXSquared.mul(q).mul(r.blend(p, a.compare(VectorOperators.LT, TWO)));
            FloatVector oneMinus = ONE.sub(erfc);
            FloatVector large = oneMinus.blend(oneMinus.neg(), x.compare(VectorOperators.LT, ZERO));
            return large.blend(small, a.compare(VectorOperators.LT, ONE));
        }

        /**
         * Lane-wise e^x, about 1 ulp for x in [−87, 88]; 0 below −87 (where e^x is denormal) and +∞
         * above 88 (where e^x ≥ 1.6e38): activations only need the right limits there.
         */
        public static FloatVector exp(FloatVector x) {
            FloatVector xc = x.max(EXP_LO).min(EXP_HI);
            FloatVector shifted = xc.fma(LOG2E, ROUND_MAGIC); // rounds x·log2 e to the nearest integer k
            FloatVector kf = shifted.sub(ROUND_MAGIC);
            FloatVector r = kf.fma(MINUS_LN2_HI, xc);
            r = kf.fma(MINUS_LN2_LO, r);
            FloatVector y = r.fma(E0, E1).fma(r, E2).fma(r, E3).fma(r, E4).fma(r, E5);
            y = y.fma(r.mul(r), r).add(ONE);
            FloatVector twoToK = ((IntVector) shifted.reinterpretAsInts()).sub(EXPONENT_OFFSET)
                    .lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            return y.mul(twoToK)
                    .blend(ZERO, x.compare(VectorOperators.LT, EXP_LO))
                    .blend(INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        }

        /** Lane-wise logistic σ(x) = 1 / (1 + e^−x). */
        public static FloatVector sigmoid(FloatVector x) {
            return ONE.div(exp(x.neg()).add(ONE));
        }
    }
}
