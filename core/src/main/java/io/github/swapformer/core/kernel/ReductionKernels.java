package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of all elements, the broadcast-add its backward needs, and the argmax of a row (greedy
 * decoding's choice of token). The sum is cut into fixed
 * blocks of {@value #BLOCK} elements whatever the thread count; each block's partial sum is
 * computed by one thread, and the partials are added in block order in double, so the result is
 * bitwise the same for every thread count.
 */
public final class ReductionKernels {
    static final int BLOCK = 4096;

    private ReductionKernels() {
    }

    /** Σ x[i] for i in [0, n). */
    public static double sum(float[] x, int n, Parallel pool) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        pool.forRange(blocks, 4, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = b * BLOCK;
                int to = Math.min(n, from + BLOCK);
                partial[b] = Simd.ENABLED ? sumSimd(x, from, to) : sumScalar(x, from, to);
            }
        });
        double total = 0;
        for (double s : partial) {
            total += s;
        }
        return total;
    }

    /** Σ x[i] for i in [from, to), in order, in double. */
    public static double sumScalar(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s;
    }

    /** Σ x[i] for i in [from, to) in float lanes (one lane per residue class), then the lanes in double. */
    public static double sumSimd(float[] x, int from, int to) {
        return Vectorized.sum(x, from, to);
    }

    /** dst[i] += c for i in [0, n): the backward of sum (c = dy) and of mean (c = dy / n). */
    public static void addConstant(float[] dst, float c, int n, Parallel pool) {
        // C2 vectorizes this loop by itself; the twin measured 0.6–1.0x of it, so the spec runs.
        pool.forRange(n, ElementwiseKernels.MIN_CHUNK, (from, to) -> addConstantScalar(dst, c, from, to));
    }

    public static void addConstantScalar(float[] dst, float c, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] += c;
        }
    }

    public static void addConstantSimd(float[] dst, float c, int from, int to) {
        Vectorized.addConstant(dst, c, from, to);
    }

    /**
     * The index of the largest of x[off … off+n) relative to off (n ≥ 1): ties go to the smallest
     * index, NaN never wins, except that a NaN at x[off] is returned as 0 (nothing compares
     * greater than it). The loop below is the specification.
     */
    public static int argmax(float[] x, int off, int n) {
        return Simd.ENABLED ? argmaxSimd(x, off, n) : argmaxScalar(x, off, n);
    }

    public static int argmaxScalar(float[] x, int off, int n) {
        int best = 0;
        float max = x[off];
        for (int i = 1; i < n; i++) {
            if (x[off + i] > max) {
                max = x[off + i];
                best = i;
            }
        }
        return best;
    }

    /**
     * Twin of {@link #argmaxScalar}: the maximum over lanes (NaN lanes never replace it), then the
     * first index that equals it. Equality treats −0 and +0 alike, as the specification's strict
     * {@code >} does, so both give the same index. A scalar loop over a 32000-token vocabulary
     * took 4% of a batch-8 decoding step's samples.
     */
    public static int argmaxSimd(float[] x, int off, int n) {
        return Float.isNaN(x[off]) ? 0 : Vectorized.argmax(x, off, n);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static double sum(float[] x, int from, int to) {
            FloatVector acc = FloatVector.zero(SPECIES);
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                acc = acc.add(FloatVector.fromArray(SPECIES, x, i));
            }
            double s = 0;
            for (int lane = 0; lane < SPECIES.length(); lane++) {
                s += acc.lane(lane);
            }
            return s + sumScalar(x, i, to);
        }

        /** For a non-NaN x[off]: see {@link #argmaxSimd}. */
        static int argmax(float[] x, int off, int n) {
            int step = SPECIES.length();
            int bound = SPECIES.loopBound(n);
            float first = x[off];
            // compare-and-blend, not max(): JDK 17 compiles a float vector max to a long NaN-aware
            // sequence; two running maxima, so that each compare waits on half as many blends
            FloatVector even = FloatVector.broadcast(SPECIES, first);
            FloatVector odd = FloatVector.broadcast(SPECIES, first);
            int i0 = 0;
            for (; i0 + step < bound; i0 += 2 * step) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, off + i0);
                FloatVector w = FloatVector.fromArray(SPECIES, x, off + i0 + step);
                even = even.blend(v, v.compare(VectorOperators.GT, even));
                odd = odd.blend(w, w.compare(VectorOperators.GT, odd));
            }
            for (; i0 < bound; i0 += step) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, off + i0);
                even = even.blend(v, v.compare(VectorOperators.GT, even));
            }
            FloatVector vmax = even.blend(odd, odd.compare(VectorOperators.GT, even));
            float max = first;
            for (int lane = 0; lane < step; lane++) {
                max = Math.max(max, vmax.lane(lane));
            }
            for (int i = bound; i < n; i++) {
                max = x[off + i] > max ? x[off + i] : max;
            }
            for (int i = 0; i < bound; i += step) {
                VectorMask<Float> hit = FloatVector.fromArray(SPECIES, x, off + i).compare(VectorOperators.EQ, max);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
            for (int i = bound; i < n; i++) {
                if (x[off + i] == max) {
                    return i;
                }
            }
            throw new AssertionError("the maximum " + max + " is not in the row");
        }

        static void addConstant(float[] dst, float c, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, dst, i).lanewise(VectorOperators.ADD, c).intoArray(dst, i);
            }
            addConstantScalar(dst, c, i, to);
        }
    }
}
