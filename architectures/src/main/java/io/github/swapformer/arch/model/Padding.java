package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.Masks;
import io.github.swapformer.core.tensor.Tensor;

/** Which keys of a padded batch are real tokens, and the attention mask that hides the rest. */
public final class Padding {
    private Padding() {
    }

    /** valid[b][t] = ids[b·T + t] ≠ pad. */
    public static boolean[][] valid(int[] ids, int batch, int length, int pad) {
        if (ids == null || ids.length != batch * length) {
            throw new IllegalArgumentException("ids has " + (ids == null ? "no" : ids.length) + " tokens, expected batch "
                    + batch + " × length " + length);
        }
        boolean[][] valid = new boolean[batch][length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                valid[b][t] = ids[b * length + t] != pad;
            }
        }
        return valid;
    }

    /** (B, 1, T, S): keys with {@code valid[b][s]} false hidden from every query; null: every key visible. */
    public static Tensor mask(boolean[][] valid, int batch, int queries, int keys) {
        if (valid == null) {
            return Masks.bidirectional(batch, queries, keys);
        }
        if (valid.length != batch || (batch > 0 && valid[0].length != keys)) {
            throw new IllegalArgumentException("valid is " + valid.length + " × " + (batch > 0 && valid.length > 0 ? valid[0].length : 0)
                    + ", expected batch " + batch + " × keys " + keys);
        }
        return Masks.padding(valid, queries);
    }
}
