package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Keys and values of the tokens decoded so far, one {@link Slot} per layer, so that each new token
 * costs one row of projections instead of the whole prefix. Each slot holds (B, NKV, capacity, HS)
 * allocated once and writes new rows in place; attention reads the first {@code length} rows.
 * Given no capacity, a slot starts at the first step's length and doubles when full (one copy per
 * doubling). Inference only: cached rows carry no gradient.
 */
public final class KvCache {
    private final Slot[] slots;

    /** A cache that sizes itself on first use and grows by doubling. */
    public KvCache(int layers) {
        this(layers, 0);
    }

    /** A cache for up to {@code capacity} positions (allocated at the first step, when B, NKV, HS are known). */
    public KvCache(int layers, int capacity) {
        if (layers < 0 || capacity < 0) {
            throw new IllegalArgumentException("layers " + layers + " and capacity " + capacity + " must be >= 0");
        }
        slots = new Slot[layers];
        for (int i = 0; i < layers; i++) {
            slots[i] = new Slot(capacity);
        }
    }

    public Slot layer(int i) {
        return slots[i];
    }

    /**
     * Keeps the batch rows {@code rows} of every layer, in that order (a row may repeat, and the
     * batch may grow or shrink): beam search moves each surviving hypothesis's keys and values to
     * its new row this way.
     */
    public void reorder(int[] rows) {
        for (Slot s : slots) {
            s.reorder(rows);
        }
    }

    /** Number of positions cached (the same in every layer after a full step). */
    public int length() {
        return slots.length == 0 ? 0 : slots[0].length();
    }

    /** Forgets every cached position, keeping the storage for the next sequence. */
    public void clear() {
        for (Slot s : slots) {
            s.length = 0;
        }
    }

    /** One layer's cache: keys and values (B, NKV, capacity, HS), the first {@code length} rows valid. */
    public static final class Slot {
        private final int requested;
        private float[] keys;
        private float[] values;
        private int batch;
        private int heads;
        private int headDim;
        private int capacity;
        private int length;

        Slot(int requested) {
            this.requested = requested;
        }

        /** Writes k, v (B, NKV, T, HS) after the cached rows; returns the whole cache as the kernels read it. */
        KeyValues append(Tensor k, Tensor v) {
            int B = k.dim(0);
            int H = k.dim(1);
            int T = k.dim(2);
            int HS = k.dim(3);
            if (keys == null || length == 0) {
                allocate(B, H, HS, Math.max(requested, T));
            } else if (B != batch || H != heads || HS != headDim) {
                throw new IllegalArgumentException("cache holds (B, NKV, HS) = (" + batch + ", " + heads + ", " + headDim
                        + "), new keys are " + k.shapeString());
            }
            if (length + T > capacity) {
                grow(Math.max(length + T, 2 * capacity));
            }
            for (int bh = 0; bh < B * H; bh++) {
                int dst = (bh * capacity + length) * HS;
                System.arraycopy(k.data(), bh * T * HS, keys, dst, T * HS);
                System.arraycopy(v.data(), bh * T * HS, values, dst, T * HS);
            }
            length += T;
            return new KeyValues(keys, values, null, null, batch, heads, length, capacity, headDim);
        }

        private void allocate(int B, int H, int HS, int cap) {
            if (keys == null || B != batch || H != heads || HS != headDim || cap > capacity) {
                keys = new float[B * H * cap * HS];
                values = new float[B * H * cap * HS];
                capacity = cap;
            }
            batch = B;
            heads = H;
            headDim = HS;
            length = 0;
        }

        void reorder(int[] rows) {
            if (keys == null) {
                return;
            }
            int item = heads * capacity * headDim; // one batch row's storage
            float[] k = new float[rows.length * item];
            float[] v = new float[k.length];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= batch) {
                    throw new IllegalArgumentException("reorder: row " + rows[i] + " is outside the cache's batch 0.." + (batch - 1));
                }
                System.arraycopy(keys, rows[i] * item, k, i * item, item);
                System.arraycopy(values, rows[i] * item, v, i * item, item);
            }
            keys = k;
            values = v;
            batch = rows.length;
        }

        private void grow(int cap) {
            float[] k = new float[batch * heads * cap * headDim];
            float[] v = new float[k.length];
            for (int bh = 0; bh < batch * heads; bh++) {
                System.arraycopy(keys, bh * capacity * headDim, k, bh * cap * headDim, length * headDim);
                System.arraycopy(values, bh * capacity * headDim, v, bh * cap * headDim, length * headDim);
            }
            keys = k;
            values = v;
            capacity = cap;
        }

        public int length() {
            return length;
        }

        /** Positions the storage holds before it must grow. */
        public int capacity() {
            return capacity;
        }

        /** The cached keys (B, NKV, length, HS), copied (for tests and inspection). */
        public Tensor keys() {
            return copy(keys);
        }

        /** The cached values (B, NKV, length, HS), copied. */
        public Tensor values() {
            return copy(values);
        }

        private Tensor copy(float[] storage) {
            Tensor out = Tensor.zeros(batch, heads, length, headDim);
            for (int bh = 0; bh < batch * heads && storage != null; bh++) {
                System.arraycopy(storage, bh * capacity * headDim, out.data(), bh * length * headDim, length * headDim);
            }
            return out;
        }

        @Override
        public String toString() {
            return "KvCache.Slot(" + Arrays.toString(new int[] {batch, heads, length, headDim}) + ", capacity " + capacity + ")";
        }
    }
}
