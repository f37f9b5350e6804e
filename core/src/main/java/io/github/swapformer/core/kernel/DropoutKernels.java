package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout (Srivastava et al. 2014, JMLR 15): kept elements are scaled by 1/(1 − p) so
 * the expected output equals the input and inference needs no rescaling.
 *
 * <p>The mask is counter-based, as in Philox-style generators (Salmon et al. 2011, "Parallel
 * random numbers: as easy as 1, 2, 3"): element i is kept iff a 23-bit hash of (seed, i) is at
 * least round(p·2^23). The mask is thus a pure function of the seed and the flat index: the same
 * for any thread count and chunking, and the backward recomputes it instead of storing it. The
 * hash is two rounds of MurmurHash3's 32-bit finalizer keyed by a SplitMix64 mix of the seed; for
 * one seed it is a bijection of the index, and it vectorizes with 32-bit lanes.
 */
public final class DropoutKernels {
    private static final int GOLDEN = 0x9E3779B9;
    private static final int KEEP_BITS = 23;
    /** The bits of 1.0f: (1.0f bits + m) for m &lt; 2^23 is the float 1 + m/2^23, so int order is float order. */
    private static final int ONE_BITS = 0x3F800000;

    private DropoutKernels() {
    }

    /** out[i] = keep(i) ? x[i] / (1 − p) : 0 for i in [0, n). */
    public static void forward(float[] out, float[] x, long seed, float p, int n, Parallel pool) {
        pool.forRange(n, ElementwiseKernels.MIN_CHUNK, Simd.ENABLED
                ? (from, to) -> forwardSimd(out, x, seed, p, from, to)
                : (from, to) -> forwardScalar(out, x, seed, p, from, to));
    }

    /** dx[i] += keep(i) ? dout[i] / (1 − p) : 0, with the forward's mask. */
    public static void backward(float[] dx, float[] dout, long seed, float p, int n, Parallel pool) {
        pool.forRange(n, ElementwiseKernels.MIN_CHUNK, Simd.ENABLED
                ? (from, to) -> backwardSimd(dx, dout, seed, p, from, to)
                : (from, to) -> backwardScalar(dx, dout, seed, p, from, to));
    }

    /** Whether element {@code i} survives dropout with probability {@code p} under {@code seed}. */
    public static boolean kept(long seed, float p, int i) {
        long keys = mix64(seed);
        return kept((int) keys, (int) (keys >>> 32), threshold(p), i);
    }

    public static void forwardScalar(float[] out, float[] x, long seed, float p, int from, int to) {
        long keys = mix64(seed);
        int k1 = (int) keys;
        int k2 = (int) (keys >>> 32);
        int threshold = threshold(p);
        float scale = 1f / (1f - p);
        for (int i = from; i < to; i++) {
            out[i] = kept(k1, k2, threshold, i) ? x[i] * scale : 0f;
        }
    }

    public static void backwardScalar(float[] dx, float[] dout, long seed, float p, int from, int to) {
        long keys = mix64(seed);
        int k1 = (int) keys;
        int k2 = (int) (keys >>> 32);
        int threshold = threshold(p);
        float scale = 1f / (1f - p);
        for (int i = from; i < to; i++) {
            if (kept(k1, k2, threshold, i)) {
                dx[i] += dout[i] * scale;
            }
        }
    }

    public static void forwardSimd(float[] out, float[] x, long seed, float p, int from, int to) {
        Vectorized.forward(out, x, seed, p, from, to);
    }

    public static void backwardSimd(float[] dx, float[] dout, long seed, float p, int from, int to) {
        Vectorized.backward(dx, dout, seed, p, from, to);
    }

    /** The keep threshold on 23-bit hashes: P(drop) = round(p·2^23)/2^23, within 6e-8 of p. */
    static int threshold(float p) {
        return (int) Math.round((double) p * (1 << KEEP_BITS));
    }

    private static boolean kept(int k1, int k2, int threshold, int i) {
        int h = fmix32(fmix32(i * GOLDEN + k1) ^ k2);
        return (h >>> (32 - KEEP_BITS)) >= threshold;
    }

    /** MurmurHash3's 32-bit finalizer (Appleby): a bijection with full avalanche. */
    private static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** SplitMix64's finalizer (Steele, Lea &amp; Flood 2014): turns nearby seeds into unrelated keys. */
    private static long mix64(long z) {
        z = (z + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());

        private Vectorized() {
        }

        static void forward(float[] out, float[] x, long seed, float p, int from, int to) {
            long keys = mix64(seed);
            int k1 = (int) keys;
            int k2 = (int) (keys >>> 32);
            int threshold = threshold(p);
            float scale = 1f / (1f - p);
            IntVector lanes = IntVector.zero(INT_SPECIES).addIndex(1);
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                VectorMask<Float> keep = keptLanes(lanes.add(i), k1, k2, threshold);
                FloatVector.fromArray(SPECIES, x, i).mul(scale).blend(0f, keep.not()).intoArray(out, i);
            }
            forwardScalar(out, x, seed, p, i, to);
        }

        static void backward(float[] dx, float[] dout, long seed, float p, int from, int to) {
            long keys = mix64(seed);
            int k1 = (int) keys;
            int k2 = (int) (keys >>> 32);
            int threshold = threshold(p);
            float scale = 1f / (1f - p);
            IntVector lanes = IntVector.zero(INT_SPECIES).addIndex(1);
            int i = from;
            for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
                VectorMask<Float> keep = keptLanes(lanes.add(i), k1, k2, threshold);
                FloatVector scaled = FloatVector.fromArray(SPECIES, dout, i).mul(scale);
                FloatVector.fromArray(SPECIES, dx, i).add(scaled, keep).intoArray(dx, i);
            }
            backwardScalar(dx, dout, seed, p, i, to);
        }

        /**
         * The same test in float lanes: the hash's top 23 bits become the mantissa of a float in [1, 2),
         * compared with the threshold as a float. This gives a float mask without a mask cast, which
         * C2 on JDK 17 does not always intrinsify.
         */
        static VectorMask<Float> keptLanes(IntVector index, int k1, int k2, int threshold) {
            IntVector h = fmix32(fmix32(index.mul(GOLDEN).add(k1)).lanewise(VectorOperators.XOR, k2));
            FloatVector u = h.lanewise(VectorOperators.LSHR, 32 - KEEP_BITS).add(ONE_BITS).reinterpretAsFloats();
            return u.compare(VectorOperators.GE, Float.intBitsToFloat(ONE_BITS + threshold));
        }

        static IntVector fmix32(IntVector h) {
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x85ebca6b);
            h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13)).mul(0xc2b2ae35);
            return h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
        }
    }
}
