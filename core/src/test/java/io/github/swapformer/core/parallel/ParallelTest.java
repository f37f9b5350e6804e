package io.github.swapformer.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
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

    @Test
    void theFirstFailingChunkIsRethrownAfterAllChunksFinish() {
        try (Parallel pool = Parallel.of(3)) {
            AtomicInteger finished = new AtomicInteger();
            RuntimeException e = assertThrows(RuntimeException.class, () -> pool.forRange(9, 1, (from, to) -> {
                if (from == 0) {
                    sleep(20); // the others fail first in time; the first chunk by row still wins
                }
                finished.incrementAndGet();
                throw new IllegalArgumentException("chunk " + from);
            }));
            assertEquals("chunk 0", e.getMessage());
            assertEquals(3, finished.get(), "every chunk ran before the rethrow");
            Error error = assertThrows(AssertionError.class, () -> pool.forRange(4, 1, (from, to) -> {
                throw new AssertionError("error in " + from);
            }));
            assertEquals("error in 0", error.getMessage());
            int[] out = new int[4]; // the pool still works after failures
            pool.forRange(4, 1, (from, to) -> out[from] = to);
            assertArrayEquals(new int[] {2, 0, 3, 4}, out, "chunks [0,2), [2,3), [3,4): the earlier chunks take the extra rows");
        }
    }

    @Test
    void manyShortCallsSeeEveryRowOnce() {
        try (Parallel pool = Parallel.of(2)) {
            long[] sum = new long[2];
            for (int call = 0; call < 20_000; call++) {
                int n = 1 + call % 37;
                pool.forRange(n, 1, (from, to) -> {
                    long s = 0;
                    for (int i = from; i < to; i++) {
                        s += i;
                    }
                    sum[from == 0 ? 0 : 1] += s;
                });
            }
            long expected = 0;
            for (int call = 0; call < 20_000; call++) {
                int n = 1 + call % 37;
                expected += (long) n * (n - 1) / 2;
            }
            assertEquals(expected, sum[0] + sum[1]);
        }
    }

    @Test
    void nestedCallsRunTheirChunksInlineWithoutDeadlock() {
        try (Parallel pool = Parallel.of(2)) {
            List<String> inner = Collections.synchronizedList(new ArrayList<>());
            AtomicIntegerArray visits = new AtomicIntegerArray(20);
            pool.forRange(2, 1, (from, to) -> {
                Thread outer = Thread.currentThread();
                pool.forRange(10, 1, (a, b) -> {
                    assertSame(outer, Thread.currentThread(), "a nested chunk stays on its thread");
                    inner.add(from + ":" + a + "-" + b);
                    for (int i = a; i < b; i++) {
                        visits.incrementAndGet(from * 10 + i);
                    }
                });
            });
            for (int i = 0; i < 20; i++) {
                assertEquals(1, visits.get(i), "row " + i);
            }
            assertTrue(inner.containsAll(List.of("0:0-5", "0:5-10", "1:0-5", "1:5-10")), "the same chunks as unnested: " + inner);
        }
    }

    @Test
    void callsFromSeveralThreadsTakeTurns() throws InterruptedException {
        try (Parallel pool = Parallel.of(2)) {
            AtomicLong total = new AtomicLong();
            Thread[] callers = new Thread[3];
            for (int t = 0; t < callers.length; t++) {
                callers[t] = new Thread(() -> {
                    for (int call = 0; call < 2000; call++) {
                        pool.forRange(100, 1, (from, to) -> total.addAndGet(to - from));
                    }
                });
                callers[t].start();
            }
            for (Thread t : callers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertEquals(3L * 2000 * 100, total.get());
        }
    }

    @Test
    void closeStopsTheWorkersAndLaterCallsRunOnTheCaller() throws InterruptedException {
        Parallel pool = Parallel.of(3);
        pool.forRange(3, 1, (from, to) -> { });
        List<Thread> workers = List.of(pool.workers());
        assertEquals(2, workers.size());
        pool.close();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!w.isAlive(), w.getName() + " still alive after close");
        }
        Thread caller = Thread.currentThread();
        List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
        pool.forRange(9, 1, (from, to) -> {
            assertSame(caller, Thread.currentThread());
            chunks.add(new int[] {from, to});
        });
        assertEquals(3, chunks.size(), "a closed pool still cuts the same chunks");
    }

    @Test
    void workersAreDaemonsAndAnIdlePoolBurnsNoCpu() throws InterruptedException {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        try (Parallel pool = Parallel.of(2)) {
            pool.forRange(2, 1, (from, to) -> { });
            List<Thread> workers = List.of(pool.workers());
            assertEquals(1, workers.size());
            assertTrue(workers.get(0).isDaemon());
            Thread.sleep(Parallel.SPIN_MICROS / 1000 + 50); // past the spin: the worker parks
            long before = bean.getThreadCpuTime(workers.get(0).getId());
            Thread.sleep(300);
            long used = bean.getThreadCpuTime(workers.get(0).getId()) - before;
            assertTrue(used < TimeUnit.MILLISECONDS.toNanos(30), "an idle worker used " + used / 1e6 + " ms of CPU in 300 ms");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
