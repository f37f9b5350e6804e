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
 * Scalar erf (the specification): Cephes {@code erff} (ndtrf.c): x·T(x²) for |x| &lt; 1, else
 * ±(1 − e^(−x²)·P(1/x²)/|x|), so that 1 − erf has no cancellation; at most 1.5e-7 absolute.
 * Vector erf: the single rational x·α(x²)/β(x²) on [−4, 4] of Eigen's {@code generic_fast_erf_float}
 * (also XLA's {@code ErfImpl32} and TVM's {@code fast_erf}): one division and no exp. Its
 * approximation error is 6.9e-8 absolute (measured against mpmath on a 2.5e-4 grid over [0, 5]);
 * evaluated in float it is within 4.5e-7 (7 ulp of 1, near |x| = 3.9), about 3x the scalar form's
 * error: the price of a third of the operations ({@code KernelMathTest} holds both forms to a
 * float64 reference). A Numerical Recipes–style erfc = t·e^(−x² + P(t)) (9 fma, one exp) meets
 * 1.2e-7 relative but measured half the GELU throughput.
 *
 * <p>Every vector constant is a {@code static final} vector: broadcasting it inside a kernel's
 * loop adds enough C2 nodes to hit {@code NodeCountInliningCutoff}, and a Vector API call that is
 * not inlined boxes its vectors (measured 5–10x slower for GELU). But a vector carried around a
 * loop must start from a local broadcast, never from such a constant: C2 then cannot unbox the
 * loop's phi and allocates every iteration (measured 5x slower). Clamps are written as
 * compare-and-blend, not {@code max}/{@code min}: JDK 17 compiles a float vector max to a
 * NaN- and signed-zero-aware sequence of several instructions (measured: exp with a max/min clamp
 * took 36 cycles per vector, with compare-and-blend 24, unclamped 17). Where the argument's range
 * allows it, a clamp is cheaper still as integer instructions on the float's bits (signed min/max:
 * {@link Vectorized#expMinusMax} and GELU's forward loop): JDK 17 turns every
 * compare-and-blend into four instructions, the mask going through a vector and back. And where
 * a kernel's whole loop can be written in one method, its constants are best broadcast once into
 * locals before the loop: as {@code static final} vectors, C2 reloads each from memory at every
 * iteration once a multiply-add has overwritten its register (in {@code KernelBenchmark}, softmax
 * went from 12.7 to 18.5 GB/s and GELU from 17.5 to 21.0 GB/s when their constants became locals).
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

    /**
     * The vector erf's rational x·α(x²)/β(x²) (Eigen's {@code generic_fast_erf_float}): α's
     * coefficients of x⁰…x¹² (A1 … A13), then β's of x⁰…x⁸ (B0 … B8), lowest power first; shared
     * with {@code GeluKernels}, whose forward loop broadcasts them into locals once, as
     * {@link Vectorized#expMinusMax} does with its own.
     */
    static final float[] ERF_ALPHA = {-1.60960333262415e-02f, -2.95459980854025e-03f, -7.34990630326855e-04f,
        -5.69250639462346e-05f, -2.10102402082508e-06f, 2.77068142495902e-08f, -2.72614225801306e-10f};
    static final float[] ERF_BETA = {-1.42647390514189e-02f, -7.37332916720468e-03f, -1.68282697438203e-03f,
        -2.13374055278905e-04f, -1.45660718464996e-05f};

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
        private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.vectorShape().withLanes(int.class);

        private static final FloatVector ONE = k(1f);

        // exp's scalars, named once for the static vectors below and expMinusMax's locals
        private static final float EXP_MIN_ARG = -88f;
        private static final float LOG2E_VALUE = 1.44269504088896341f;
        private static final float ROUND_MAGIC_VALUE = 12583039f;
        private static final float MINUS_LN2_HI_VALUE = -0.693359375f;
        private static final float MINUS_LN2_LO_VALUE = 2.12194440e-4f;

        // erf = x·α(x²)/β(x²) on [−4, 4] (Eigen generic_fast_erf_float), highest power first.
        private static final FloatVector MINUS_ONE = k(-1f);
        private static final FloatVector ERF_Z_MAX = k(16f);
        private static final FloatVector A13 = k(ERF_ALPHA[6]), A11 = k(ERF_ALPHA[5]), A9 = k(ERF_ALPHA[4]),
                A7 = k(ERF_ALPHA[3]), A5 = k(ERF_ALPHA[2]), A3 = k(ERF_ALPHA[1]), A1 = k(ERF_ALPHA[0]);
        private static final FloatVector B8 = k(ERF_BETA[4]), B6 = k(ERF_BETA[3]), B4 = k(ERF_BETA[2]),
                B2 = k(ERF_BETA[1]), B0 = k(ERF_BETA[0]);

        /**
         * exp's input clamp. −88 rounds to k = −127, whose 2^k has exponent bits 0, i.e. +0; 89 rounds
         * to k = 128, whose 2^k has exponent bits 255, i.e. +∞. So the clamp alone gives the limits,
         * with no blend after the polynomial.
         */
        private static final FloatVector EXP_LO = k(EXP_MIN_ARG);
        private static final FloatVector EXP_HI = k(89f);
        private static final FloatVector LOG2E = k(LOG2E_VALUE);
        /**
         * 1.5·2^23 + 127: adding it rounds a float of magnitude below 2^22 to an integer k held in the
         * low mantissa bits as 2^22 + 127 + k, so shifting those bits left by 23 leaves exactly the
         * exponent field of 2^k (the 2^22 and the float's own exponent bits shift out).
         */
        private static final FloatVector ROUND_MAGIC = k(ROUND_MAGIC_VALUE);
        private static final FloatVector MINUS_LN2_HI = k(MINUS_LN2_HI_VALUE);
        private static final FloatVector MINUS_LN2_LO = k(MINUS_LN2_LO_VALUE);
        /**
         * e^r ≈ 1 + r + r²·Q(r) on [−ln 2/2, ln 2/2], Q of degree 4 (lowest power first): a minimax
         * fit for relative error (Lawson's iteration on 4001 Chebyshev nodes, e^r computed in 40
         * digits), 3.8e-9 with these float coefficients in exact arithmetic, far below float's
         * 6e-8: one multiply-add fewer than Cephes' degree 7, at no cost in the result.
         */
        private static final float[] Q = {0.4999999403953552f, 0.1666652113199234f, 0.04166838899254799f,
            0.008368710055947304f, 0.001381461275741458f};
        private static final FloatVector E0 = k(1.9875691500e-4f), E1 = k(1.3981999507e-3f), E2 = k(8.3334519073e-3f),
                E3 = k(4.1665795894e-2f), E4 = k(1.6666665459e-1f), E5 = k(5.0000001201e-1f);

        private Vectorized() {
        }

        private static FloatVector k(float value) {
            return FloatVector.broadcast(SPECIES, value);
        }

        /**
         * Lane-wise erf by Eigen's rational approximation (see the class comment): within 4.5e-7 of
         * erf (measured; 6.9e-8 of it is the approximation, the rest float rounding of the two
         * polynomials and the division), always in [−1, 1]. ±∞ give ±1, NaN stays NaN.
         * {@code x} must be of {@code SPECIES_PREFERRED}.
         */
        public static FloatVector erf(FloatVector x) {
            // Clamping x² at 16 (|x| = 4, where float erf is ±1) keeps the polynomials finite; beyond it
            // x·α(16)/β(16) = x·erf(4)/4 passes ±1, and the final clamp gives exactly ±1. That clamp
            // also removes the rounding overshoot past ±1 near |x| = 4.
            FloatVector z = x.mul(x);
            z = z.blend(ERF_Z_MAX, z.compare(VectorOperators.GT, ERF_Z_MAX));
            // α(z) = A1 + A3·z + … + A13·z⁶ and β(z) = B0 + … + B8·z⁴ by Estrin's scheme (independent
            // pairs and powers of z² instead of one chain, so more vectors are in flight), written out
            // here: a helper taking vectors might not inline, and would box them (GELU ran at 6 GB/s)
            FloatVector z2 = z.mul(z);
            FloatVector alpha = z2.fma(A13, z.fma(A11, A9)).fma(z2.mul(z2), z.fma(A7, A5).fma(z2, z.fma(A3, A1)));
            FloatVector beta = z2.fma(B8, z.fma(B6, B4)).fma(z2, z.fma(B2, B0));
            FloatVector r = x.mul(alpha).div(beta);
            r = r.blend(ONE, r.compare(VectorOperators.GT, ONE));
            return r.blend(MINUS_ONE, r.compare(VectorOperators.LT, MINUS_ONE));
        }

        /**
         * Lane-wise e^x, about 1 ulp for x in [−87.3, 88.3]; +0 below −87.7 (where e^x is below the
         * smallest normal float) and +∞ above 88.4 (e^x overflows at 88.72): activations only need
         * the right limits there. NaN stays NaN.
         */
        public static FloatVector exp(FloatVector x) {
            FloatVector xc = x.blend(EXP_LO, x.compare(VectorOperators.LT, EXP_LO));
            return expClamped(xc.blend(EXP_HI, xc.compare(VectorOperators.GT, EXP_HI)));
        }

        /**
         * {@link #exp} for arguments at most 88 (x − max in a softmax, −x²/2): one compare and one
         * blend fewer. Larger arguments give wrong values, not +∞.
         */
        public static FloatVector expUpTo88(FloatVector x) {
            return expClamped(x.blend(EXP_LO, x.compare(VectorOperators.LT, EXP_LO)));
        }

        /**
         * out[i] = e^(z[i] − max) over [off, off+n), returning their sum (vectors alternating between two
         * accumulators, then the scalar tail, a fixed order): the numerators of a softmax. Every
         * z[i] − max must lie in [−∞, 0], i.e. max is finite and at least every z[i], and no z[i]
         * is NaN; other arguments give wrong values, not NaN. z may be out. Within 2 ulp of e^x, 0
         * below −87.7 and at −∞ (in the vector lanes; the scalar tail's {@code Math.exp} keeps
         * subnormals), exactly 1 at ±0. Written for speed at no cost in accuracy (the softmax twin
         * went from 11 to 18.5 GB/s in {@code KernelBenchmark}, JDK 17, Zen 4):
         * <ul>
         *   <li>the clamp is two integer instructions: with the sign bit forced (so +0 becomes −0),
         *       every argument is a negative float, whose bits as a signed int grow with its
         *       magnitude, so the signed minimum with −88's bits clamps −∞ and everything below −88.
         *       A compare and blend is four instructions on JDK 17 (the mask goes through a vector
         *       and back) and its compiled form varied from run to run;</li>
         *   <li>a polynomial of degree 6 ({@link #Q} below) instead of Cephes' 7, evaluated by
         *       Estrin's scheme (r² once, two independent pairs): three multiply-adds deep instead of
         *       seven, so more vectors are in flight at once;</li>
         *   <li>the whole loop is here, its constants broadcast once before it into locals: as
         *       {@code static final} vectors, C2 reloaded eleven of them from memory at every
         *       iteration (their registers were overwritten by the multiply-adds): the softmax twin
         *       measured 12.7 GB/s that way, 18.5 with locals.</li>
         * </ul>
         */
        public static float expMinusMax(float[] out, float[] z, int off, int n, float max) {
            int step = SPECIES.length();
            int bound = SPECIES.loopBound(n);
            FloatVector vmax = FloatVector.broadcast(SPECIES, max);
            IntVector sign = IntVector.broadcast(INT_SPECIES, 0x80000000);
            IntVector lowest = IntVector.broadcast(INT_SPECIES, Float.floatToRawIntBits(EXP_MIN_ARG));
            FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E_VALUE);
            FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC_VALUE);
            FloatVector ln2Hi = FloatVector.broadcast(SPECIES, MINUS_LN2_HI_VALUE);
            FloatVector ln2Lo = FloatVector.broadcast(SPECIES, MINUS_LN2_LO_VALUE);
            FloatVector q0 = FloatVector.broadcast(SPECIES, Q[0]);
            FloatVector q1 = FloatVector.broadcast(SPECIES, Q[1]);
            FloatVector q2 = FloatVector.broadcast(SPECIES, Q[2]);
            FloatVector q3 = FloatVector.broadcast(SPECIES, Q[3]);
            FloatVector q4 = FloatVector.broadcast(SPECIES, Q[4]);
            FloatVector one = FloatVector.broadcast(SPECIES, 1f);
            FloatVector even = FloatVector.zero(SPECIES);
            FloatVector odd = FloatVector.zero(SPECIES);
            int i = 0;
            for (; i + step <= bound; i += step) {
                // the same steps as exp: clamp, k = round(x·log2 e), r = x − k·ln 2 in two parts,
                // e^r = 1 + r + r²·Q(r) with Q = (Q4·r² + Q3·r + Q2)·r² + Q1·r + Q0, times 2^k
                FloatVector x = FloatVector.fromArray(SPECIES, z, off + i).sub(vmax)
                        .reinterpretAsInts().or(sign).min(lowest).reinterpretAsFloats();
                FloatVector shifted = x.fma(log2e, magic);
                FloatVector k = shifted.sub(magic);
                FloatVector r = k.fma(ln2Lo, k.fma(ln2Hi, x));
                FloatVector r2 = r.mul(r);
                FloatVector q = r2.fma(q4, r.fma(q3, q2)).fma(r2, r.fma(q1, q0));
                FloatVector e = q.fma(r2, r.add(one))
                        .mul(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                e.intoArray(out, off + i);
                FloatVector added = even.add(e); // vectors alternate between two sums, so that the adds do not wait on each other
                even = odd;
                odd = added;
            }
            float sum = Lanes.sum(even.add(odd));
            for (; i < n; i++) {
                out[off + i] = (float) Math.exp(z[off + i] - max);
                sum += out[off + i];
            }
            return sum;
        }

        /** e^x for x already in [−88, 89]. */
        private static FloatVector expClamped(FloatVector xc) {
            FloatVector shifted = xc.fma(LOG2E, ROUND_MAGIC); // rounds x·log2 e to the nearest integer k
            FloatVector kf = shifted.sub(ROUND_MAGIC);
            FloatVector r = kf.fma(MINUS_LN2_HI, xc);
            r = kf.fma(MINUS_LN2_LO, r);
            // Cephes' polynomial 1 + r + r²·(E5 + E4·r + … + E0·r⁵), as one Horner chain of fmas.
            FloatVector y = r.fma(E0, E1).fma(r, E2).fma(r, E3).fma(r, E4).fma(r, E5).fma(r, ONE).fma(r, ONE);
            FloatVector twoToK = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            return y.mul(twoToK);
        }

        /** Lane-wise logistic σ(x) = 1 / (1 + e^−x). */
        public static FloatVector sigmoid(FloatVector x) {
            return ONE.div(exp(x.neg()).add(ONE));
        }
    }
}
