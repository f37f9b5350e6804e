package io.github.swapformer.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void mix64IsSplitMix64() {
        // 0xe220a8397b1dcdaf: first output of SplitMix64 seeded with 0 (the reference splitmix64.c
        // of Vigna, prng.di.unimi.it, as used to seed xoshiro); SplittableRandom computes the same.
        assertEquals(0xe220a8397b1dcdafL, Seeds.mix64(0x9e3779b97f4a7c15L));
        assertEquals(new SplittableRandom(0).nextLong(), Seeds.mix64(0x9e3779b97f4a7c15L));
        assertEquals(new SplittableRandom(12345).nextLong(), Seeds.mix64(12345 + 0x9e3779b97f4a7c15L));
    }

    @Test
    void fnv1aTestVectors() {
        // Test vectors of the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a", 64-bit FNV-1a.
        assertEquals(0xcbf29ce484222325L, Seeds.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, Seeds.fnv1a64("a"));
    }

    @Test
    void purposesAndSeedsGiveDistinctStreams() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            for (String purpose : new String[] {Seeds.INIT, Seeds.DATA, Seeds.DROPOUT}) {
                seen.add(Seeds.derive(seed, purpose));
                for (int i = 0; i < 4; i++) {
                    seen.add(Seeds.derive(seed, purpose, i));
                }
            }
        }
        assertEquals(100 * 3 * 5, seen.size());
        assertEquals(Seeds.derive(7, "init"), Seeds.derive(7, Seeds.INIT));
        assertNotEquals(Seeds.derive(7, Seeds.INIT), Seeds.derive(8, Seeds.INIT));
    }

    @Test
    void derivationIsPinned() {
        // Pinned: computed by an independent Python reimplementation of SplitMix64's mixer and
        // FNV-1a; a change here breaks the reproducibility of every recorded study.
        assertEquals(Seeds.mix64(42 ^ Seeds.mix64(Seeds.fnv1a64("init"))), Seeds.derive(42, "init"));
        assertEquals(PINNED_INIT_42, Seeds.derive(42, Seeds.INIT));
    }

    private static final long PINNED_INIT_42 = -1614827909324973349L;

    @Test
    void emptyPurposeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Seeds.derive(1, ""));
    }
}
