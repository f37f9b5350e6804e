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

    private static VectorShuffle<Float> rotation(int by) {
        return VectorShuffle.fromOp(SPECIES, i -> (i + by) % SPECIES.length());
    }
}
