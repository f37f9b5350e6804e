package io.github.swapformer.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyRowIsVisitedExactlyOnceInContiguousChunks() {
        try (Parallel pool = Parallel.of(3)) {
            for (int n : new int[] {0, 1, 2, 7, 100, 1001}) {
                AtomicIntegerArray visits = new AtomicIntegerArray(n);
                List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
                pool.forRange(n, 1, (from, to) -> {
                    chunks.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, visits.get(i), "row " + i + " of " + n);
                }
                assertEquals(Math.min(3, n), n == 0 ? 0 : chunks.size(), "chunks for " + n + " rows");
            }
        }
    }

    @Test
    void minChunkLimitsTheSplit() {
        try (Parallel pool = Parallel.of(4)) {
            List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
            pool.forRange(10, 5, (from, to) -> chunks.add(new int[] {from, to}));
            assertEquals(2, chunks.size());
        }
    }

    @Test
    void aFailingChunkFailsTheCall() {
        try (Parallel pool = Parallel.of(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forRange(10, 1, (from, to) -> {
                if (from > 0) {
                    throw new IllegalStateException("chunk " + from);
                }
            }));
            assertEquals("chunk 5", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.of(0));
    }
}
