package io.github.swapformer.core.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread pool that kernels split their rows over. It is created by configuration and passed
 * in, never global. Work is cut into contiguous chunks by index only, so which thread computes a
 * row never changes a result: runs are bitwise reproducible for a given thread count.
 */
public final class Parallel implements AutoCloseable {
    /** A body over the half-open range of rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService executor; // null when threads == 1

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "swapformer-worker");
            t.setDaemon(true);
            return t;
        });
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
     * none smaller than {@code minChunk} rows; returns when all chunks are done.
     */
    public void forRange(int n, int minChunk, RangeBody body) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1 || executor == null) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            futures.add(executor.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) n / chunks));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a kernel chunk", e);
            }
        }
    }

    /** {@link #forRange(int, int, RangeBody)} with chunks of at least one row. */
    public void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
