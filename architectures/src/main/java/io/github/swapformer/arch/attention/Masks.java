package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Additive attention masks of shape (B, 1, T, S): 0 where query t may attend to key s, −∞ where it
 * may not. They broadcast over heads and are added to the scores before the softmax; masks combine
 * by {@link #combine addition}. Query t sits at position {@code offset + t} of the key sequence, so
 * that a KV-cached step (T = 1, S = offset + 1) sees every earlier key.
 */
public final class Masks {
    private Masks() {
    }

    /** Every query sees every key (encoders, cross-attention). */
    public static Tensor bidirectional(int batch, int queries, int keys) {
        return Tensor.zeros(batch, 1, queries, keys);
    }

    /** Query t sees keys s ≤ offset + t (decoders); offset = keys − queries for a cached step. */
    public static Tensor causal(int batch, int queries, int keys) {
        Tensor mask = Tensor.zeros(batch, 1, queries, keys);
        int offset = keys - queries;
        if (offset < 0) {
            throw new IllegalArgumentException("causal mask: " + queries + " queries but only " + keys + " keys");
        }
        float[] m = mask.data();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < queries; t++) {
                int row = (b * queries + t) * keys;
                Arrays.fill(m, row + offset + t + 1, row + keys, Float.NEGATIVE_INFINITY);
            }
        }
        return mask;
    }

    /**
     * Prefix-LM mask (Raffel et al. 2020, §3.2.1): the first {@code prefix} positions see each other
     * bidirectionally, later positions see the prefix and their own past.
     */
    public static Tensor prefix(int batch, int length, int prefix) {
        if (prefix < 0 || prefix > length) {
            throw new IllegalArgumentException("prefix length " + prefix + " is outside 0.." + length);
        }
        Tensor mask = causal(batch, length, length);
        float[] m = mask.data();
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < prefix; t++) {
                Arrays.fill(m, (b * length + t) * length, (b * length + t) * length + prefix, 0f);
            }
        }
        return mask;
    }

    /**
     * Hides padded keys: {@code keyValid[b][s]} false ⇒ −∞ for every query of row b. A query row
     * whose keys are all hidden gets zero attention (the softmax's documented fully-masked rule).
     */
    public static Tensor padding(boolean[][] keyValid, int queries) {
        int batch = keyValid.length;
        int keys = keyValid[0].length;
        Tensor mask = Tensor.zeros(batch, 1, queries, keys);
        float[] m = mask.data();
        for (int b = 0; b < batch; b++) {
            if (keyValid[b].length != keys) {
                throw new IllegalArgumentException("padding mask: row " + b + " has " + keyValid[b].length + " keys, row 0 has " + keys);
            }
            for (int t = 0; t < queries; t++) {
                for (int s = 0; s < keys; s++) {
                    if (!keyValid[b][s]) {
                        m[(b * queries + t) * keys + s] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        return mask;
    }

    /** The sum of two masks of the same shape: a key is visible only where both allow it. */
    public static Tensor combine(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("masks " + a.shapeString() + " and " + b.shapeString() + " differ in shape");
        }
        Tensor out = Tensor.zeros(a.shape());
        float[] o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = a.data()[i] + b.data()[i];
        }
        return out;
    }
}
