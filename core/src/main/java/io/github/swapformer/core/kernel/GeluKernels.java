package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU and its backward (Hendrycks &amp; Gimpel 2016, arXiv:1606.08415): the exact form
 * x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (PyTorch {@code gelu}, BERT) and the tanh approximation
 * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (GPT-2's {@code gelu_new}, llm.c).
 *
 * <p>The {@code *Scalar} methods are the specification, written as the formulas above (erf by
 * Cephes, within 1.5e-7). The exact form's SIMD twin uses {@link KernelMath.Vectorized#erf}, a
 * rational with one division and no exp (within 4.5e-7 of erf, so within 2.3e-7·|x| of exact
 * GELU); its backward adds one exp for the Gaussian density. The tanh form's twins use the
 * identity 0.5·(1 + tanh u) = σ(2u) = 1/(1 + e^−2u): one exp and one division, no cancellation
 * for negative x.
 */
public final class GeluKernels {
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;
    /** √(2/π), the tanh form's scaling. */
    private static final float TANH_SCALE = 0.79788456080286536f;
    private static final float TANH_CUBIC = 0.044715f;
    /** Beyond |x| = 10 the tanh form's σ(2u) is 0 or 1 in float; clamping keeps e^−2u finite in backward. */
    private static final float TANH_BACKWARD_CLAMP = 10f;

    private GeluKernels() {
    }

    // ---- exact GELU ----------------------------------------------------------------------------

    public static void geluForward(float[] out, float[] x, int n, Parallel pool) {
        ActivationKernels.split(n, pool, (f, t) -> geluForwardSimd(out, x, f, t), (f, t) -> geluForwardScalar(out, x, f, t));
    }

    public static void geluBackward(float[] dx, float[] dout, float[] x, int n, Parallel pool) {
        ActivationKernels.split(n, pool, (f, t) -> geluBackwardSimd(dx, dout, x, f, t), (f, t) -> geluBackwardScalar(dx, dout, x, f, t));
    }

    public static void geluForwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = 0.5f * x[i] * (1f + KernelMath.erf(x[i] * INV_SQRT2));
        }
    }

    public static void geluForwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.geluForward(out, x, from, to);
    }

    /** d/dx x·Φ(x) = Φ(x) + x·φ(x), φ the standard normal density. */
    public static void geluBackwardScalar(float[] dx, float[] dout, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float cdf = 0.5f * (1f + KernelMath.erf(x[i] * INV_SQRT2));
            float pdf = INV_SQRT_2PI * (float) Math.exp(-0.5f * x[i] * x[i]);
            dx[i] += dout[i] * (cdf + x[i] * pdf);
        }
    }

    public static void geluBackwardSimd(float[] dx, float[] dout, float[] x, int from, int to) {
        Vectorized.geluBackward(dx, dout, x, from, to);
    }

    // ---- tanh approximation --------------------------------------------------------------------

    public static void geluTanhForward(float[] out, float[] x, int n, Parallel pool) {
        ActivationKernels.split(n, pool, (f, t) -> geluTanhForwardSimd(out, x, f, t), (f, t) -> geluTanhForwardScalar(out, x, f, t));
    }

    public static void geluTanhBackward(float[] dx, float[] dout, float[] x, int n, Parallel pool) {
        ActivationKernels.split(n, pool, (f, t) -> geluTanhBackwardSimd(dx, dout, x, f, t),
                (f, t) -> geluTanhBackwardScalar(dx, dout, x, f, t));
    }

    public static void geluTanhForwardScalar(float[] out, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            float u = TANH_SCALE * (v + TANH_CUBIC * v * v * v);
            out[i] = 0.5f * v * (1f + (float) Math.tanh(u));
        }
    }

    public static void geluTanhForwardSimd(float[] out, float[] x, int from, int to) {
        Vectorized.geluTanhForward(out, x, from, to);
    }

    /** As llm.c's {@code gelu_backward}: 0.5·(1 + tanh u) + 0.5·x·sech²(u)·u'(x). */
    public static void geluTanhBackwardScalar(float[] dx, float[] dout, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            float u = TANH_SCALE * (v + TANH_CUBIC * v * v * v);
            float tanh = (float) Math.tanh(u);
            float cosh = (float) Math.cosh(u);
            float sech2 = 1f / (cosh * cosh);
            float du = TANH_SCALE * (1f + 3f * TANH_CUBIC * v * v);
            dx[i] += dout[i] * (0.5f * (1f + tanh) + 0.5f * v * sech2 * du);
        }
    }

    /** With s = σ(2u) = 1/(1 + e), e = e^−2u: 0.5·(1 + tanh u) = s and 0.5·sech²(u) = 2·s·(1 − s) = 2·e·s². */
    public static void geluTanhBackwardSimd(float[] dx, float[] dout, float[] x, int from, int to) {
        Vectorized.geluTanhBackward(dx, dout, x, from, to);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.vectorShape().withLanes(int.class);
        private static final FloatVector HALF = FloatVector.broadcast(SPECIES, 0.5f);
        private static final FloatVector MINUS_HALF = FloatVector.broadcast(SPECIES, -0.5f);
        private static final FloatVector INV_SQRT2_V = FloatVector.broadcast(SPECIES, INV_SQRT2);
        private static final FloatVector INV_SQRT_2PI_V = FloatVector.broadcast(SPECIES, INV_SQRT_2PI);
        private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);
        // −2u = x·(−2·s − 2·s·c·x²), and 2u'(x) = 2·s + 2·s·3c·x², with s = √(2/π) and c = 0.044715.
        private static final FloatVector MINUS_2_SCALE = FloatVector.broadcast(SPECIES, -2f * TANH_SCALE);
        private static final FloatVector MINUS_2_SCALE_CUBIC = FloatVector.broadcast(SPECIES, -2f * TANH_SCALE * TANH_CUBIC);
        private static final FloatVector TWO_SCALE = FloatVector.broadcast(SPECIES, 2f * TANH_SCALE);
        private static final FloatVector TWO_SCALE_3_CUBIC = FloatVector.broadcast(SPECIES, 2f * TANH_SCALE * 3f * TANH_CUBIC);
        private static final FloatVector CLAMP = FloatVector.broadcast(SPECIES, TANH_BACKWARD_CLAMP);
        private static final FloatVector MINUS_CLAMP = FloatVector.broadcast(SPECIES, -TANH_BACKWARD_CLAMP);

        private Vectorized() {
        }

        // The tanh forward loop takes two vectors per iteration: their independent dependency chains
        // hide each other's latency (measured +10-17%). Four per iteration, or two in the longer
        // backward bodies, measured slower (2x for the backward): the chains no longer fit the registers.

        /**
         * ½x + ½x·erf(x/√2) with {@link KernelMath.Vectorized#erf}'s rational, in Estrin's grouping,
         * written out with its constants broadcast once before the loop (as static final vectors C2
         * reloaded them from memory at every iteration) and its three clamps as integer instructions
         * on the float bits, which JDK 17 compiles to one instruction each where a compare and blend
         * takes four: x² ≥ 0, so its bits grow with it and one signed minimum clamps it at 16; |erf|
         * ≤ 1 is the minimum of the magnitude bits with 1's, the sign put back by a bitwise blend.
         * The same values as erf's clamps for every number, bit for bit ({@code GeluKernelsTest});
         * a NaN x stays NaN through ½x. One vector per iteration: the seventeen constants and two
         * vectors' temporaries would not fit the 32 registers.
         */
        static void geluForward(float[] out, float[] x, int from, int to) {
            float[] a = KernelMath.ERF_ALPHA;
            float[] b = KernelMath.ERF_BETA;
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[0]), a3 = FloatVector.broadcast(SPECIES, a[1]);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[2]), a7 = FloatVector.broadcast(SPECIES, a[3]);
            FloatVector a9 = FloatVector.broadcast(SPECIES, a[4]), a11 = FloatVector.broadcast(SPECIES, a[5]);
            FloatVector a13 = FloatVector.broadcast(SPECIES, a[6]);
            FloatVector b0 = FloatVector.broadcast(SPECIES, b[0]), b2 = FloatVector.broadcast(SPECIES, b[1]);
            FloatVector b4 = FloatVector.broadcast(SPECIES, b[2]), b6 = FloatVector.broadcast(SPECIES, b[3]);
            FloatVector b8 = FloatVector.broadcast(SPECIES, b[4]);
            FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
            FloatVector invSqrt2 = FloatVector.broadcast(SPECIES, INV_SQRT2);
            IntVector zMax = IntVector.broadcast(INT_SPECIES, Float.floatToRawIntBits(16f));
            IntVector magnitude = IntVector.broadcast(INT_SPECIES, 0x7FFFFFFF);
            IntVector oneBits = IntVector.broadcast(INT_SPECIES, Float.floatToRawIntBits(1f));
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, i);
                FloatVector u = v.mul(invSqrt2);
                FloatVector z = u.mul(u).reinterpretAsInts().min(zMax).reinterpretAsFloats();
                FloatVector z2 = z.mul(z);
                FloatVector alpha = z2.fma(a13, z.fma(a11, a9)).fma(z2.mul(z2), z.fma(a7, a5).fma(z2, z.fma(a3, a1)));
                FloatVector beta = z2.fma(b8, z.fma(b6, b4)).fma(z2, z.fma(b2, b0));
                IntVector r = u.mul(alpha).div(beta).reinterpretAsInts();
                FloatVector erf = r.lanewise(VectorOperators.BITWISE_BLEND, r.and(magnitude).min(oneBits), magnitude)
                        .reinterpretAsFloats();
                FloatVector h = v.mul(half);
                h.fma(erf, h).intoArray(out, i);
            }
            geluForwardScalar(out, x, i, to);
        }

        static void geluBackward(float[] dx, float[] dout, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                accumulate(dx, dout, geluSlope(FloatVector.fromArray(SPECIES, x, i)), i);
            }
            geluBackwardScalar(dx, dout, x, i, to);
        }

        static void geluTanhForward(float[] out, float[] x, int from, int to) {
            int step = SPECIES.length();
            int bound = from + SPECIES.loopBound(to - from);
            int i = from;
            for (; i + step < bound; i += 2 * step) {
                FloatVector a = geluTanh(FloatVector.fromArray(SPECIES, x, i));
                FloatVector b = geluTanh(FloatVector.fromArray(SPECIES, x, i + step));
                a.intoArray(out, i);
                b.intoArray(out, i + step);
            }
            for (; i < bound; i += step) {
                geluTanh(FloatVector.fromArray(SPECIES, x, i)).intoArray(out, i);
            }
            geluTanhForwardScalar(out, x, i, to);
        }

        static void geluTanhBackward(float[] dx, float[] dout, float[] x, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                accumulate(dx, dout, geluTanhSlope(FloatVector.fromArray(SPECIES, x, i)), i);
            }
            geluTanhBackwardScalar(dx, dout, x, i, to);
        }

        /** dx[i ..] += dout[i ..]·slope. */
        private static void accumulate(float[] dx, float[] dout, FloatVector slope, int i) {
            FloatVector.fromArray(SPECIES, dout, i).fma(slope, FloatVector.fromArray(SPECIES, dx, i)).intoArray(dx, i);
        }

        /** Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π). */
        private static FloatVector geluSlope(FloatVector v) {
            FloatVector cdf = KernelMath.Vectorized.erf(v.mul(INV_SQRT2_V)).fma(HALF, HALF);
            FloatVector pdf = KernelMath.Vectorized.expUpTo88(v.mul(v).mul(MINUS_HALF)).mul(INV_SQRT_2PI_V);
            return v.fma(pdf, cdf);
        }

        /** x·σ(2u) = x / (1 + e^−2u). */
        private static FloatVector geluTanh(FloatVector v) {
            FloatVector e = KernelMath.Vectorized.exp(v.mul(v.mul(v).fma(MINUS_2_SCALE_CUBIC, MINUS_2_SCALE)));
            return v.div(e.add(ONE));
        }

        /** s + 2·e·s²·x·u'(x) with s = σ(2u), e = e^−2u (see {@link GeluKernels#geluTanhBackwardSimd}). */
        private static FloatVector geluTanhSlope(FloatVector v) {
            v = v.blend(MINUS_CLAMP, v.compare(VectorOperators.LT, MINUS_CLAMP));
            v = v.blend(CLAMP, v.compare(VectorOperators.GT, CLAMP));
            FloatVector v2 = v.mul(v);
            FloatVector e = KernelMath.Vectorized.exp(v.mul(v2.fma(MINUS_2_SCALE_CUBIC, MINUS_2_SCALE)));
            FloatVector s = ONE.div(e.add(ONE));
            FloatVector twoDu = v2.fma(TWO_SCALE_3_CUBIC, TWO_SCALE); // 2·u'(x)
            return e.mul(s).mul(s).mul(v).fma(twoDu, s);
        }
    }
}
