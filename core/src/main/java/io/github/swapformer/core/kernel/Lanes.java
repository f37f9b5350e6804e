package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in a fixed order: a halving tree (lanes i and i + L/2 first, then
 * i and i + L/4, …), each step a lanewise add. {@code reduceLanes(ADD)} leaves its order
 * unspecified, and the JIT's intrinsic and the Java fallback do not agree on it, so a kernel that
 * used it could round differently in a fresh JVM than after warm-up; this sum is the same in every
 * tier, which keeps runs bitwise reproducible. A Vector API holder: called from SIMD twins only.
 */
public final class Lanes {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> HALF = rotation(SPECIES.length() / 2);
    private static final VectorShuffle<Float> QUARTER = rotation(Math.max(1, SPECIES.length() / 4));
    private static final VectorShuffle<Float> EIGHTH = rotation(Math.max(1, SPECIES.length() / 8));
    private static final VectorShuffle<Float> SIXTEENTH = rotation(Math.max(1, SPECIES.length() / 16));

    private Lanes() {
    }

    /** Σ lanes of {@code v} (a {@code SPECIES_PREFERRED} vector) in the fixed tree order. */
    public static float sum(FloatVector v) {
        int lanes = SPECIES.length();
        if (lanes >= 2) {
            v = v.add(v.rearrange(HALF));
        }
        if (lanes >= 4) {
            v = v.add(v.rearrange(QUARTER));
        }
        if (lanes >= 8) {
            v = v.add(v.rearrange(EIGHTH));
        }
        if (lanes >= 16) {
            v = v.add(v.rearrange(SIXTEENTH));
        }
        if (lanes > 16) { // wider than AVX-512: finish in lane order, still fixed
            float s = 0f;
            for (int i = 0; i < lanes / 16; i++) {
                s += v.lane(i);
            }
            return s;
        }
        return v.lane(0);
    }

    /**
     * Σ of the {@code SPECIES_PREFERRED.length()} floats at {@code lanes[off...]} (a vector stored
     * with {@code intoArray}) in the same tree order as {@link #sum(FloatVector)}, hence the same
     * bits; {@code lanes} is overwritten. For a kernel's inner loop: a call that passes a vector
     * to a method the JIT does not inline boxes it (an allocation per call), and
     * {@link #sum(FloatVector)} is past the size that C2 inlines at a call site it deems cold.
     */
    public static float sum(float[] lanes, int off) {
        int n = SPECIES.length();
        for (int half = n / 2, steps = 0; half >= 1 && steps < 4; half /= 2, steps++) {
            for (int i = 0; i < half; i++) {
                lanes[off + i] += lanes[off + i + half];
            }
        }
        float s = lanes[off];
        for (int i = 1; i < n / 16; i++) { // wider than AVX-512: as sum(FloatVector)
            s += lanes[off + i];
        }
        return s;
    }

    private static VectorShuffle<Float> rotation(int by) {
        return VectorShuffle.fromOp(SPECIES, i -> (i + by) % SPECIES.length());
    }
}
