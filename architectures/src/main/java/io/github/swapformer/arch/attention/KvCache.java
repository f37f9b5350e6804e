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
