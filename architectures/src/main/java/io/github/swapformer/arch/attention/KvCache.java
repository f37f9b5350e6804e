package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;

/**
 * Keys and values of the tokens decoded so far, one {@link Slot} per layer, so that each new token
 * costs one row of projections instead of the whole prefix. Inference only: cached tensors carry
 * no gradient.
 */
public final class KvCache {
    private final Slot[] slots;

    public KvCache(int layers) {
        slots = new Slot[layers];
        for (int i = 0; i < layers; i++) {
            slots[i] = new Slot();
        }
    }

    public Slot layer(int i) {
        return slots[i];
    }

    /**
     * Keeps the batch rows {@code rows} of every layer, in that order (a row may repeat): beam
     * search moves each surviving hypothesis's keys and values to its new row this way.
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

    /** One layer's cache: keys and values (B, NKV, S, HS) grown along S. */
    public static final class Slot {
        private Tensor keys;
        private Tensor values;

        Tensor appendKeys(Tensor k) {
            keys = append(keys, k);
            return keys;
        }

        Tensor appendValues(Tensor v) {
            values = append(values, v);
            return values;
        }

        public int length() {
            return keys == null ? 0 : keys.dim(2);
        }

        void reorder(int[] rows) {
            keys = gather(keys, rows);
            values = gather(values, rows);
        }

        /** Rows {@code rows} of (B, H, S, HS) as a new (rows.length, H, S, HS) tensor. */
        private static Tensor gather(Tensor t, int[] rows) {
            if (t == null) {
                return null;
            }
            int B = t.dim(0);
            int item = t.size() / B;
            Tensor out = Tensor.zeros(rows.length, t.dim(1), t.dim(2), t.dim(3));
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= B) {
                    throw new IllegalArgumentException("reorder: row " + rows[i] + " is outside the cache's batch 0.." + (B - 1));
                }
                System.arraycopy(t.data(), rows[i] * item, out.data(), i * item, item);
            }
            return out;
        }

        private static Tensor append(Tensor cached, Tensor fresh) {
            if (cached == null) {
                return Tensor.of(fresh.data().clone(), fresh.shape());
            }
            int B = fresh.dim(0);
            int H = fresh.dim(1);
            int S = cached.dim(2);
            int T = fresh.dim(2);
            int HS = fresh.dim(3);
            Tensor out = Tensor.zeros(B, H, S + T, HS);
            for (int bh = 0; bh < B * H; bh++) {
                System.arraycopy(cached.data(), bh * S * HS, out.data(), bh * (S + T) * HS, S * HS);
                System.arraycopy(fresh.data(), bh * T * HS, out.data(), (bh * (S + T) + S) * HS, T * HS);
            }
            return out;
        }
    }
}
