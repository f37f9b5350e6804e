package io.github.swapformer.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.experiments.task.Batch;
import io.github.swapformer.experiments.task.Example;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final int V = 8;

    @Test
    void exactMatchTokenAccuracyLossAndPerPositionByHand() {
        // Row 0: prompt 4 5, SEP 1, answer 4 5 -> inputs 4 5 1 4, targets at positions 2, 3 = 4, 5.
        // Row 1: same shape, answer 6 7.
        Batch b = Batch.of(List.of(new Example(new int[] {4, 5, 1, 4, 5}, 3), new Example(new int[] {6, 7, 1, 6, 7}, 3)));
        float[] logits = new float[2 * 4 * V];
        float[] losses = new float[2 * 4];
        predict(logits, 0, 2, 4); // right
        predict(logits, 0, 3, 5); // right: row 0 exact
        predict(logits, 1, 2, 6); // right
        predict(logits, 1, 3, 4); // wrong: row 1 not exact
        losses[2] = 0.5f;
        losses[3] = 1.5f;
        losses[6] = 1f;
        losses[7] = 3f;
        Scorer s = new Scorer(4);
        s.add(b, logits, losses, V);
        LengthResult r = s.result(2, 4, true);
        assertEquals(0.5, r.exactMatch(), 0);
        assertEquals(0.75, r.tokenAccuracy(), 0);
        assertEquals(1.5, r.loss(), 1e-9); // (0.5 + 1.5 + 1 + 3) / 4
        assertArrayEquals(new double[] {1.0, 0.5}, r.perPosition(), 0);
        assertEquals(Math.exp(1.5), r.perplexity(), 1e-9);
    }

    @Test
    void paddedRowsAreScoredOnTheirOwnAnswerOnly() {
        Batch b = Batch.of(List.of(new Example(new int[] {4, 1, 4}, 2), new Example(new int[] {4, 5, 6, 1, 4, 5, 6}, 4)));
        float[] logits = new float[2 * b.length() * V];
        predict(logits, b.length(), 0, 1, 4);
        for (int t = 3; t < 6; t++) {
            predict(logits, b.length(), 1, t, 4 + (t - 3));
        }
        Scorer s = new Scorer(8);
        s.add(b, logits, null, V);
        LengthResult r = s.result(1, 6, false);
        assertEquals(1.0, r.exactMatch(), 0);
        assertEquals(1.0, r.tokenAccuracy(), 0);
        assertEquals(3, r.perPosition().length);
        assertEquals(Double.NaN, r.loss());
    }

    @Test
    void argmaxTiesGoToTheLowestId() { // the scorer's argmax is the core kernel's
        assertEquals(1, ReductionKernels.argmax(new float[] {0, 2, 2, 1}, 0, 4));
        assertEquals(0, ReductionKernels.argmax(new float[] {9, 3, 3}, 1, 2));
    }

    @Test
    void refusesLogitsOfTheWrongSize() {
        Batch b = Batch.of(List.of(new Example(new int[] {4, 1, 4}, 2)));
        var e = assertThrows(IllegalArgumentException.class, () -> new Scorer(2).add(b, new float[3], null, V));
        assertEquals("logits has 3 values, expected B 1 × T 2 × V 8", e.getMessage());
    }

    private static void predict(float[] logits, int row, int t, int token) {
        predict(logits, 4, row, t, token);
    }

    private static void predict(float[] logits, int length, int row, int t, int token) {
        logits[(row * length + t) * V + token] = 5f;
    }
}
