package io.github.swapformer.core.random;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent 64-bit seeds from a cell's seed and a purpose, so that initialization, data
 * order and dropout each get their own stream and changing one never shifts another.
 *
 * <p>{@code derive(seed, purpose) = mix64(seed ^ mix64(fnv1a64(purpose)))}: the purpose is hashed
 * with FNV-1a (64-bit, over its UTF-8 bytes; stable across JVMs, unlike {@code String.hashCode}
 * which is also stable but only 32 bits), and the SplitMix64 finalizer {@code mix64} (Steele,
 * Lea and Flood 2014, "Fast splittable pseudorandom number generators", the variant 13 mixer of
 * Stafford) scrambles the result, so that nearby seeds and similar names give unrelated seeds.
 */
public final class Seeds {
    /** Purpose of the stream that initializes parameters. */
    public static final String INIT = "init";
    /** Purpose of the stream that generates, samples and shuffles data. */
    public static final String DATA = "data";
    /** Purpose of the stream that draws dropout masks. */
    public static final String DROPOUT = "dropout";

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Seeds() {
    }

    /** The seed for {@code purpose} within the run seeded by {@code seed}. */
    public static long derive(long seed, String purpose) {
        if (purpose == null || purpose.isEmpty()) {
            throw new IllegalArgumentException("purpose must be a non-empty string, got " + purpose);
        }
        return mix64(seed ^ mix64(fnv1a64(purpose)));
    }

    /** The seed of the {@code index}-th stream of {@code purpose} (e.g. one per data worker or layer). */
    public static long derive(long seed, String purpose, long index) {
        return mix64(derive(seed, purpose) + mix64(index));
    }

    /**
     * SplitMix64's output function (Stafford's variant 13): a bijection on 64-bit values with
     * strong avalanche. {@code mix64(s + 0x9e3779b97f4a7c15)} is SplitMix64's first output from state
     * {@code s}, which is also {@code new SplittableRandom(s).nextLong()}.
     */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a, 64-bit, over the UTF-8 bytes of {@code text}. */
    static long fnv1a64(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
