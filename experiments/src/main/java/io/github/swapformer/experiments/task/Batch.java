package io.github.swapformer.experiments.task;

import io.github.swapformer.core.ops.Losses;
import java.util.Arrays;
import java.util.List;

/**
 * Examples packed as a (B, T) decoder batch, right-padded with {@link Vocabulary#PAD}: inputs and
 * targets row-major, padded positions target the ignore index. Right padding needs no mask beyond
 * the causal one: a real token never attends to a pad, which only ever follows it.
 */
public record Batch(int[] inputs, int[] targets, int batch, int length, List<Example> examples) {

    /** Pads {@code examples} to the longest input among them. */
    public static Batch of(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int length = 0;
        for (Example e : examples) {
            length = Math.max(length, e.inputLength());
        }
        int b = examples.size();
        int[] inputs = new int[b * length];
        int[] targets = new int[b * length];
        Arrays.fill(inputs, Vocabulary.PAD);
        Arrays.fill(targets, Losses.IGNORE_INDEX);
        for (int r = 0; r < b; r++) {
            Example e = examples.get(r);
            for (int t = 0; t < e.inputLength(); t++) {
                inputs[r * length + t] = e.tokens()[t];
                targets[r * length + t] = e.target(t);
            }
        }
        return new Batch(inputs, targets, b, length, List.copyOf(examples));
    }

    /** The number of positions that carry a loss. */
    public int targetCount() {
        int n = 0;
        for (int t : targets) {
            if (t != Losses.IGNORE_INDEX) {
                n++;
            }
        }
        return n;
    }
}
