package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Captures the attention probabilities of one batch row, layer after layer, for the reports'
 * attention maps. Pass it in an {@link AttentionContext}; every layer that sees it computes with
 * the plain kernel and adds one {@link Map} per call, in call order (so, in a decoder-only model,
 * layer order). The probabilities are those of the softmax (after the mask mode, before dropout).
 */
public final class AttentionRecorder {
    /** One call's maps: {@code probs[h][t][s]} for head h, query t, key s. */
    public record Map(int call, float[][][] probs) {
        public int heads() {
            return probs.length;
        }
    }

    private final int example;
    private final List<Map> maps = new ArrayList<>();

    /** @param example the batch row to keep */
    public AttentionRecorder(int example) {
        if (example < 0) {
            throw new IllegalArgumentException("example " + example + " must be >= 0");
        }
        this.example = example;
    }

    /** Keeps row {@code example} of probs (B, NH, T, S). */
    void capture(Tensor probs) {
        int B = probs.dim(0);
        if (example >= B) {
            throw new IllegalArgumentException("recorder example " + example + " is outside the batch of " + B);
        }
        int NH = probs.dim(1);
        int T = probs.dim(2);
        int S = probs.dim(3);
        float[][][] p = new float[NH][T][S];
        for (int h = 0; h < NH; h++) {
            for (int t = 0; t < T; t++) {
                System.arraycopy(probs.data(), ((example * NH + h) * T + t) * S, p[h][t], 0, S);
            }
        }
        synchronized (maps) {
            maps.add(new Map(maps.size(), p));
        }
    }

    /** The maps captured so far, in call order. */
    public List<Map> maps() {
        synchronized (maps) {
            return Collections.unmodifiableList(new ArrayList<>(maps));
        }
    }

    public void clear() {
        synchronized (maps) {
            maps.clear();
        }
    }
}
