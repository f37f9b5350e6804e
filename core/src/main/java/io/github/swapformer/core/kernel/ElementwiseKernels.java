package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on flat row-major {@code float[]}: add, multiply, scale, bias add, and the
 * accumulations their backward passes need. The {@code *Scalar} methods are the specification;
 * the {@code *Simd} twins take the same arguments. Where C2 already vectorizes the plain loop
 * (add, multiply, multiplyAccumulate, scale: twin 0.8–0.9x of the scalar on AVX-512, JDK 17),
 * the dispatcher runs the scalar and the twin stays as the tested reference for other JDKs. Twins work on the half-open element range
 * {@code [from, to)} (or rows, for bias add) so the dispatching methods can split it over the pool.
 *
 * <p>Every output element is written by one thread in a fixed order, so results do not depend on
 * the thread count; the SIMD twins compute the same products and sums as the scalar spec.
 */
public final class ElementwiseKernels {
    /** Elementwise work is memory bound: smaller chunks cost more in hand-off than they gain. */
    static final int MIN_CHUNK = 1 << 14;

    private ElementwiseKernels() {
    }

    // ---- out = a + b -------------------------------------------------------------------------

    /** out[i] = a[i] + b[i] for i in [0, n). */
    public static void add(float[] out, float[] a, float[] b, int n, Parallel pool) {
        // C2 vectorizes this loop by itself (superword); the twin measured no faster, so the spec runs.
        pool.forRange(n, MIN_CHUNK, (from, to) -> addScalar(out, a, b, from, to));
    }

    public static void addScalar(float[] out, float[] a, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] + b[i];
        }
    }

    public static void addSimd(float[] out, float[] a, float[] b, int from, int to) {
        Vectorized.add(out, a, b, from, to);
    }

    // ---- out = a * b, and its backward -------------------------------------------------------

    /** out[i] = a[i] · b[i] for i in [0, n). */
    public static void multiply(float[] out, float[] a, float[] b, int n, Parallel pool) {
        // C2 vectorizes this loop by itself (superword); the twin measured no faster, so the spec runs.
        pool.forRange(n, MIN_CHUNK, (from, to) -> multiplyScalar(out, a, b, from, to));
    }

    public static void multiplyScalar(float[] out, float[] a, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    public static void multiplySimd(float[] out, float[] a, float[] b, int from, int to) {
        Vectorized.multiply(out, a, b, from, to);
    }

    /** dst[i] += a[i] · b[i]: the backward of multiply is {@code da += dout·b}, {@code db += dout·a}. */
    public static void multiplyAccumulate(float[] dst, float[] a, float[] b, int n, Parallel pool) {
        // C2 vectorizes this loop by itself (superword); the twin measured no faster, so the spec runs.
        pool.forRange(n, MIN_CHUNK, (from, to) -> multiplyAccumulateScalar(dst, a, b, from, to));
    }

    public static void multiplyAccumulateScalar(float[] dst, float[] a, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] += a[i] * b[i];
        }
    }

    public static void multiplyAccumulateSimd(float[] dst, float[] a, float[] b, int from, int to) {
        Vectorized.multiplyAccumulate(dst, a, b, from, to);
    }

    // ---- out = s * x, and dst += s * src (which is also plain accumulation with s = 1) -------

    /** out[i] = s · x[i] for i in [0, n). */
    public static void scale(float[] out, float[] x, float s, int n, Parallel pool) {
        // C2 vectorizes this loop by itself (superword); the twin measured no faster, so the spec runs.
        pool.forRange(n, MIN_CHUNK, (from, to) -> scaleScalar(out, x, s, from, to));
    }

    public static void scaleScalar(float[] out, float[] x, float s, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = s * x[i];
        }
    }

    public static void scaleSimd(float[] out, float[] x, float s, int from, int to) {
        Vectorized.scale(out, x, s, from, to);
    }

    /** dst[dstOff + i] += s · src[srcOff + i] for i in [0, n): the backward of add, scale and copies. */
    public static void accumulate(float[] dst, int dstOff, float[] src, int srcOff, float s, int n, Parallel pool) {
        pool.forRange(n, MIN_CHUNK, (from, to) -> {
            if (Simd.ENABLED) {
                accumulateSimd(dst, dstOff + from, src, srcOff + from, s, to - from);
            } else {
                accumulateScalar(dst, dstOff + from, src, srcOff + from, s, to - from);
            }
        });
    }

    /** {@link #accumulate(float[], int, float[], int, float, int, Parallel)} on the calling thread, for short rows. */
    public static void accumulateRange(float[] dst, int dstOff, float[] src, int srcOff, float s, int n) {
        if (Simd.ENABLED) {
            accumulateSimd(dst, dstOff, src, srcOff, s, n);
        } else {
            accumulateScalar(dst, dstOff, src, srcOff, s, n);
        }
    }

    public static void accumulateScalar(float[] dst, int dstOff, float[] src, int srcOff, float s, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] += s * src[srcOff + i];
        }
    }

    public static void accumulateSimd(float[] dst, int dstOff, float[] src, int srcOff, float s, int n) {
        Vectorized.accumulate(dst, dstOff, src, srcOff, s, n);
    }

    // ---- out (rows, C) = x (rows, C) + b (C), and db += Σ_rows dout -------------------------

    /** out[r, c] = x[r, c] + b[c] over rows [0, rows). */
    public static void addBias(float[] out, float[] x, float[] b, int rows, int C, Parallel pool) {
        pool.forRange(rows, Math.max(1, MIN_CHUNK / Math.max(1, C)), (from, to) -> {
            if (Simd.ENABLED) {
                addBiasSimd(out, x, b, from, to, C);
            } else {
                addBiasScalar(out, x, b, from, to, C);
            }
        });
    }

    public static void addBiasScalar(float[] out, float[] x, float[] b, int rowFrom, int rowTo, int C) {
        for (int r = rowFrom; r < rowTo; r++) {
            for (int c = 0; c < C; c++) {
                out[r * C + c] = x[r * C + c] + b[c];
            }
        }
    }

    public static void addBiasSimd(float[] out, float[] x, float[] b, int rowFrom, int rowTo, int C) {
        Vectorized.addBias(out, x, b, rowFrom, rowTo, C);
    }

    /**
     * db[c] += Σ_r dout[r, c], rows summed in order. The pool splits columns, not rows, so each
     * column's sum has one order whatever the thread count.
     */
    public static void biasBackward(float[] db, float[] dout, int rows, int C, Parallel pool) {
        int minColumns = Math.max(Simd.LANES, MIN_CHUNK / Math.max(1, rows));
        pool.forRange(C, minColumns, (from, to) -> {
            if (Simd.ENABLED) {
                biasBackwardSimd(db, dout, rows, C, from, to);
            } else {
                biasBackwardScalar(db, dout, rows, C, from, to);
            }
        });
    }

    public static void biasBackwardScalar(float[] db, float[] dout, int rows, int C, int colFrom, int colTo) {
        for (int r = 0; r < rows; r++) {
            for (int c = colFrom; c < colTo; c++) {
                db[c] += dout[r * C + c];
            }
        }
    }

    public static void biasBackwardSimd(float[] db, float[] dout, int rows, int C, int colFrom, int colTo) {
        Vectorized.biasBackward(db, dout, rows, C, colFrom, colTo);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void add(float[] out, float[] a, float[] b, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, a, i).add(FloatVector.fromArray(SPECIES, b, i)).intoArray(out, i);
            }
            addScalar(out, a, b, i, to);
        }

        static void multiply(float[] out, float[] a, float[] b, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, i)).intoArray(out, i);
            }
            multiplyScalar(out, a, b, i, to);
        }

        static void multiplyAccumulate(float[] dst, float[] a, float[] b, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                // a·b rounded first, then added: the same two roundings as the scalar spec (no fma).
                FloatVector prod = FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, i));
                FloatVector.fromArray(SPECIES, dst, i).add(prod).intoArray(dst, i);
            }
            multiplyAccumulateScalar(dst, a, b, i, to);
        }

        static void scale(float[] out, float[] x, float s, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, x, i).mul(s).intoArray(out, i);
            }
            scaleScalar(out, x, s, i, to);
        }

        static void accumulate(float[] dst, int dstOff, float[] src, int srcOff, float s, int n) {
            int i = 0;
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                FloatVector scaled = FloatVector.fromArray(SPECIES, src, srcOff + i).mul(s);
                FloatVector.fromArray(SPECIES, dst, dstOff + i).add(scaled).intoArray(dst, dstOff + i);
            }
            accumulateScalar(dst, dstOff + i, src, srcOff + i, s, n - i);
        }

        static void addBias(float[] out, float[] x, float[] b, int rowFrom, int rowTo, int C) {
            int bound = SPECIES.loopBound(C);
            for (int r = rowFrom; r < rowTo; r++) {
                int base = r * C;
                int c = 0;
                for (; c < bound; c += SPECIES.length()) {
                    FloatVector.fromArray(SPECIES, x, base + c).add(FloatVector.fromArray(SPECIES, b, c)).intoArray(out, base + c);
                }
                for (; c < C; c++) {
                    out[base + c] = x[base + c] + b[c];
                }
            }
        }

        static void biasBackward(float[] db, float[] dout, int rows, int C, int colFrom, int colTo) {
            int c = colFrom;
            for (int bound = colFrom + SPECIES.loopBound(colTo - colFrom); c < bound; c += SPECIES.length()) {
                FloatVector acc = FloatVector.fromArray(SPECIES, db, c);
                for (int r = 0; r < rows; r++) {
                    acc = acc.add(FloatVector.fromArray(SPECIES, dout, r * C + c));
                }
                acc.intoArray(db, c);
            }
            biasBackwardScalar(db, dout, rows, C, c, colTo);
        }
    }
}
