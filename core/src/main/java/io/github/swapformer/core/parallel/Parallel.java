package io.github.swapformer.core.parallel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread pool that kernels split their rows over. It is created by configuration and passed
 * in, never global. Work is cut into contiguous chunks by index only, so which thread computes a
 * row never changes a result: runs are bitwise reproducible for a given thread count.
 *
 * <p>A decoding step makes about a hundred calls of a few microseconds each, so a hand-off must
 * cost about a microsecond, not the tens of microseconds of an executor's futures. The workers are
 * persistent daemon threads that wait for the next call: they spin for {@value #SPIN_MICROS} µs
 * after their last chunk, then park until a call unparks them, so an idle pool burns no CPU. They
 * never yield while spinning: on a machine busier than the pool, a yield hands the processor to
 * another process for its whole time slice (milliseconds), and the next call finds no worker. The caller takes chunks too and waits for the
 * others the same way (spin, then park until the last chunk unparks it): the fork-join barrier of
 * OpenMP runtimes, which llama2.c's {@code #pragma omp parallel for} relies on.
 *
 * <p>The chunks are fixed by the call; which thread runs one is not: threads claim them in order,
 * so when the machine is busier than the pool and a worker has not been scheduled yet, the caller
 * runs its chunk instead of waiting for it. The results do not change, only who computes them.
 *
 * <p>A body that calls {@link #forRange} on the same pool runs that inner call's chunks one after
 * another on its own thread (the same chunks, hence the same bits); calls from other threads wait
 * for their turn.
 */
public final class Parallel implements AutoCloseable {
    /** A body over the half-open range of rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * How long a worker (or a waiting caller) spins before it parks. Waking a parked worker takes
     * longer than most calls of a decoding step last, and meanwhile the caller runs the worker's
     * chunks itself: with 50 µs, a batch-8 TinyStories-15M generation ran 62% of its panel products
     * on the caller and its worker was off the processor about half the time (JFR); with 2 ms the
     * batch-8 over batch-1 speed-up measured 4.4-5.0 instead of 3.9-4.6 (medians of paired runs in
     * one JVM, 7 JVMs against 5).
     * OpenMP runtimes spin longer still (libgomp 300,000 spins, Intel's 200 ms).
     */
    static final long SPIN_MICROS = 2000;
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(SPIN_MICROS);
    /** Spin iterations between two readings of the clock. */
    private static final int SPINS_PER_CLOCK = 64;

    private final int threads;
    private final Worker[] workers; // threads - 1 of them
    private final ReentrantLock lock = new ReentrantLock();
    /** The latest call; a new object per call, so that a late worker never mixes two calls' fields. */
    private volatile Call current = new Call(0, null, 0, 1);
    private volatile boolean closed;

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    /** A pool of {@code threads} threads (the calling thread counts as one). */
    public static Parallel of(int threads) {
        return new Parallel(threads);
    }

    /** Runs everything on the calling thread. */
    public static Parallel serial() {
        return new Parallel(1);
    }

    /** A pool with one thread per available processor. */
    public static Parallel ofAvailableProcessors() {
        return new Parallel(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} cut into at most {@link #threads()} contiguous chunks,
     * none smaller than {@code minChunk} rows; returns when all chunks are done. If chunks fail, the
     * failure of the first of them (by row) is rethrown, once every chunk has finished.
     */
    public void forRange(int n, int minChunk, RangeBody body) {
        int count = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
        if (count <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        if (closed || isNested()) {
            for (int c = 0; c < count; c++) {
                body.run(from(n, count, c), from(n, count, c + 1));
            }
            return;
        }
        lock.lock();
        try {
            runParallel(new Call(current.epoch + 1, body, n, count));
        } finally {
            lock.unlock();
        }
    }

    /** {@link #forRange(int, int, RangeBody)} with chunks of at least one row. */
    public void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /** Stops the workers (they finish the call they are in); later calls run on the calling thread. */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** The worker threads (for tests). */
    Thread[] workers() {
        return workers.clone();
    }

    private boolean isNested() {
        return lock.isHeldByCurrentThread() || (Thread.currentThread() instanceof Worker w && w.pool() == this);
    }

    private void runParallel(Call call) {
        current = call; // publishes the call to the workers
        for (int w = 0; w < call.chunks - 1; w++) {
            workers[w].wake();
        }
        call.runChunks();
        call.awaitChunks();
        for (Throwable f : call.failures) {
            if (f != null) {
                rethrow(f);
            }
        }
    }

    /**
     * First row of chunk {@code c} of {@code count} over {@code n} rows. Rounding up gives the
     * earlier chunks the extra rows: the caller takes chunk 0 at once, while a worker starts about a
     * microsecond later, so with 9 panels of a decoding step's product the caller runs 5 and the
     * worker 4 (the other way round, the caller waited for the worker's fifth panel at every call).
     */
    private static int from(int n, int count, int c) {
        return (int) (((long) n * c + count - 1) / count);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    /** A persistent thread that takes chunks of every call that has more than one. */
    private final class Worker extends Thread {
        private volatile boolean parked;

        Worker(int index) {
            super("swapformer-worker-" + index);
            setDaemon(true);
        }

        Parallel pool() {
            return Parallel.this;
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long seen = 0;
            for (Call call = awaitCall(seen); call != null; call = awaitCall(seen)) {
                seen = call.epoch;
                call.runChunks();
            }
        }

        /** Waits for a call after epoch {@code seen}; null once the pool is closed. */
        private Call awaitCall(long seen) {
            long start = System.nanoTime();
            for (int spins = 1; ; spins++) {
                Call call = current;
                if (call.epoch != seen) {
                    return call;
                }
                if (closed) {
                    return null;
                }
                if (spins % SPINS_PER_CLOCK != 0) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - start > SPIN_NANOS) {
                    parked = true; // then re-read current: either the caller sees this flag or we see its call
                    if (current.epoch == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    start = System.nanoTime();
                }
            }
        }
    }

    /** One call of {@link #forRange}: its chunks, which are taken, their failures, and how many are unfinished. */
    private static final class Call {
        final long epoch;
        final RangeBody body;
        final int rows;
        final int chunks;
        final Throwable[] failures;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        final Thread caller = Thread.currentThread();
        volatile boolean callerParked;

        Call(long epoch, RangeBody body, int rows, int chunks) {
            this.epoch = epoch;
            this.body = body;
            this.rows = rows;
            this.chunks = chunks;
            this.failures = new Throwable[chunks];
            this.unfinished = new AtomicInteger(chunks);
        }

        /** Runs chunks not yet taken by another thread, until none is left. */
        void runChunks() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(from(rows, chunks, c), from(rows, chunks, c + 1));
                } catch (Throwable t) {
                    failures[c] = t; // read by the caller after unfinished reaches 0
                }
                if (unfinished.decrementAndGet() == 0 && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** The caller waits for the chunks that workers took: spins, then parks until the last one unparks it. */
        void awaitChunks() {
            long start = System.nanoTime();
            for (int spins = 1; unfinished.get() != 0; spins++) {
                if (spins % SPINS_PER_CLOCK != 0) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - start > SPIN_NANOS) {
                    callerParked = true; // then re-read unfinished: either we see 0 or the last chunk sees this flag
                    while (unfinished.get() != 0) {
                        LockSupport.park(this);
                    }
                    return;
                }
            }
        }
    }
}
