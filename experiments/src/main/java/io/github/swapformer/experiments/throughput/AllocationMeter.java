package io.github.swapformer.experiments.throughput;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the Java heap by every live (non-hidden) thread, from HotSpot's per-thread
 * allocation counters ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}).
 * The difference around a pass is what the pass allocated on the calling thread and the pool's
 * workers together: an upper bound of the memory the pass keeps alive at its peak (it counts
 * garbage freed during the pass too), and nothing of what existed before (the weights).
 */
final class AllocationMeter {
    private final com.sun.management.ThreadMXBean threads;

    private AllocationMeter(com.sun.management.ThreadMXBean threads) {
        this.threads = threads;
    }

    /** A meter, or one that reports nothing ({@link #supported()} false) on a JVM without the counters. */
    static AllocationMeter create() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return new AllocationMeter(bean);
        }
        return new AllocationMeter(null);
    }

    boolean supported() {
        return threads != null;
    }

    /**
     * The bytes every live thread has allocated so far (-1 when unsupported). Differences are valid
     * while no thread ends in between: the pool's workers live as long as the pool.
     */
    long allocatedSoFar() {
        if (threads == null) {
            return -1;
        }
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
