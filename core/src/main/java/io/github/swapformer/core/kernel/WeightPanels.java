package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import java.util.HashMap;
import java.util.Map;

/**
 * Weight matrices in the column-panel layout of {@link MatmulKernels#ntPanels}, made on first use
 * and kept for the life of one generation (a decoding tape). A decoding step multiplies a few rows
 * by every weight matrix; in panels each product streams its weights once with no sums across
 * lanes (TinyStories-15M shape, batch 8: the head's product took 2.2-2.8× less CPU than dot products
 * along the weights' rows). Packing costs about one extra pass over the weights, once.
 *
 * <p>Keyed by the identity of a weight's data array (and its shape): the weights must not change
 * during a generation. A cache may serve several generations one after another: {@link
 * #newGeneration} makes every entry stale, and its first use repacks it into the same array, since
 * the weights may have changed in between (training) and allocating tens of MB anew can take a
 * hundred milliseconds (measured here: 37 MB in 94-111 ms when the heap had to grow, vs 7 ms to
 * pack into an existing array). Used by one thread at a time.
 */
public final class WeightPanels {
    /** Products with at most this many rows use panels: decoding steps of up to 16 sequences. */
    public static final int MAX_ROWS = MatmulKernels.STREAM_ROWS;
    /** Weights smaller than this (N·K, 128 KB) stay in cache between steps, where dot products are as fast. */
    private static final long MIN_SIZE = MatmulKernels.STREAM_MIN;

    private final Map<Key, Entry> panels = new HashMap<>();
    private long generation;

    /** A weight array read as (N, K); a record compares its array by identity. */
    private record Key(float[] weight, int n, int k) {
    }

    /** A weight's panels and the generation they were packed in. */
    private static final class Entry {
        final float[] panels;
        long generation;

        Entry(float[] panels, long generation) {
            this.panels = panels;
            this.generation = generation;
        }
    }

    /** Starts a generation: every weight is packed again (into its array) on its first use. */
    public void newGeneration() {
        generation++;
    }

    /** Whether a product of {@code rows} rows with a weight (N, K) should use panels. */
    public boolean suits(int rows, int N, int K) {
        return rows <= MAX_ROWS && (long) N * K >= MIN_SIZE;
    }

    /** The panels of weight (N, K) stored at {@code weight[0 ...]}, packed over {@code pool} on first use. */
    public float[] of(float[] weight, int N, int K, Parallel pool) {
        Key key = new Key(weight, N, K);
        Entry e = panels.get(key);
        if (e == null) {
            e = new Entry(MatmulKernels.packPanels(weight, 0, N, K, pool), generation);
            panels.put(key, e);
        } else if (e.generation != generation) {
            MatmulKernels.packPanels(e.panels, weight, 0, N, K, pool);
            e.generation = generation;
        }
        return e.panels;
    }

    /** Number of weights packed so far. */
    public int size() {
        return panels.size();
    }
}
