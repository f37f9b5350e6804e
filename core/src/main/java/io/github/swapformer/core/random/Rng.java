package io.github.swapformer.core.random;

import java.util.SplittableRandom;

/**
 * The random source of the project: a {@link SplittableRandom} (SplitMix64, Steele, Lea and Flood
 * 2014) of which only {@code nextLong()} is used, because its algorithm is part of its
 * specification; every other draw is derived here, so that a seed gives the same numbers on
 * JDK 17, 25 and later. Gaussians use Marsaglia's polar method (Marsaglia and Bray 1964) with
 * {@link StrictMath}, whose results are fixed by its specification (fdlibm), unlike
 * {@link Math#log} which may be an intrinsic that differs between JVMs.
 *
 * <p>Not thread-safe: give each thread its own stream ({@link Seeds#derive(long, String, long)}).
 */
public final class Rng {
    private final SplittableRandom source;
    private double spareGaussian;
    private boolean hasSpare;

    public Rng(long seed) {
        this.source = new SplittableRandom(seed);
    }

    /** A generator seeded with the stream of {@code purpose} for the run seeded by {@code seed}. */
    public static Rng forPurpose(long seed, String purpose) {
        return new Rng(Seeds.derive(seed, purpose));
    }

    /** 64 uniform random bits. */
    public long nextLong() {
        return source.nextLong();
    }

    /** Uniform in [0, 1), from the top 53 bits. */
    public double nextDouble() {
        return (source.nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1), from the top 24 bits: every float in the grid k·2^−24. */
    public float nextFloat() {
        return (source.nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound), without modulo bias (rejection on the top 31 bits). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " must be > 0");
        }
        int limit = Integer.MAX_VALUE - (int) ((Integer.MAX_VALUE + 1L) % bound);
        while (true) {
            int r = (int) (source.nextLong() >>> 33);
            if (r <= limit) {
                return r % bound;
            }
        }
    }

    /** A standard normal sample (mean 0, standard deviation 1), by Marsaglia's polar method. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        spareGaussian = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /** Shuffles {@code a} in place (Fisher–Yates, Durstenfeld's variant). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
