package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of all elements, and the broadcast-add its backward needs. The sum is cut into fixed
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

        static void addConstant(float[] dst, float c, int from, int to) {
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, dst, i).lanewise(VectorOperators.ADD, c).intoArray(dst, i);
            }
            addConstantScalar(dst, c, i, to);
        }
    }
}
