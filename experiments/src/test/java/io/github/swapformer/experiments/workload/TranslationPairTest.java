package io.github.swapformer.experiments.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TranslationPairTest {
    private static final int SEP = Vocabulary.SEP;
    private static final int PLUS = Vocabulary.PLUS;

    private static int d(int digit) {
        return Vocabulary.symbol(digit);
    }

    /** The source is the prompt without the SEP that only a decoder-only model needs; the target is the answer. */
    @Test
    void aHandWrittenAdditionTranslatesPromptToSum() {
        // 47 + 85 = 132, least significant digit first: 7 4 + 5 8 | 2 3 1
        Example e = new Example(new int[] {d(7), d(4), PLUS, d(5), d(8), SEP, d(2), d(3), d(1)}, 6);
        TranslationPair p = TranslationPair.of(e);
        assertArrayEquals(new int[] {d(7), d(4), PLUS, d(5), d(8)}, p.source());
        assertArrayEquals(new int[] {d(2), d(3), d(1)}, p.target());
        assertEquals("7 4 + 5 8 -> 2 3 1", p.toString());
    }

    @Test
    void reverseTargetsAreTheSourceBackwards() {
        Rng rng = new Rng(1);
        for (int n = 1; n <= 9; n++) {
            TranslationPair p = TranslationPair.of(TaskKind.REVERSE.example(rng, n));
            int[] s = p.source();
            int[] t = p.target();
            assertEquals(n, s.length);
            assertEquals(n, t.length);
            for (int i = 0; i < n; i++) {
                assertEquals(s[i], t[n - 1 - i], p.toString());
            }
        }
    }

    /** Generated additions: the target, read least significant digit first, is the sum of the two source numbers. */
    @Test
    void additionTargetsAreTheSumOfTheSourceNumbers() {
        Rng rng = new Rng(2);
        for (int n = 1; n <= 12; n++) {
            TranslationPair p = TranslationPair.of(TaskKind.ADDITION.example(rng, n));
            int[] s = p.source();
            assertEquals(2 * n + 1, s.length);
            assertEquals(PLUS, s[n], p.toString());
            assertEquals(n + 1, p.targetLength());
            BigInteger a = number(s, 0, n);
            BigInteger b = number(s, n + 1, n);
            assertEquals(a.add(b), number(p.target(), 0, n + 1), p.toString());
        }
    }

    /** The digits tokens[from … from+count−1], least significant first, as a number. */
    private static BigInteger number(int[] tokens, int from, int count) {
        BigInteger v = BigInteger.ZERO;
        for (int i = count - 1; i >= 0; i--) {
            int digit = tokens[from + i] - Vocabulary.FIRST_SYMBOL;
            assertTrue(digit >= 0 && digit <= 9, "a digit: " + Vocabulary.render(tokens));
            v = v.multiply(BigInteger.TEN).add(BigInteger.valueOf(digit));
        }
        return v;
    }

    @Test
    void copyAndRecallKeepTheirPrompts() {
        Rng rng = new Rng(3);
        Example copy = TaskKind.COPY.example(rng, 5);
        TranslationPair c = TranslationPair.of(copy);
        assertArrayEquals(c.source(), c.target());
        Example recall = TaskKind.ASSOCIATIVE_RECALL.example(rng, 4);
        TranslationPair r = TranslationPair.of(recall);
        assertEquals(10, r.sourceLength(), "recall has no SEP: the query '? k' stays in the source");
        assertEquals(Vocabulary.QUERY, r.source()[8]);
        assertArrayEquals(new int[] {recall.tokens()[10]}, r.target());
    }

    /** Every task's lengths depend on its size alone, so {@code atSize} stands for every example. */
    @ParameterizedTest
    @EnumSource(TaskKind.class)
    void lengthsDependOnTheSizeAlone(TaskKind task) {
        Rng rng = new Rng(4);
        for (int n = 1; n <= 6; n++) {
            TranslationPair shape = TranslationPair.atSize(task, n);
            for (int i = 0; i < 5; i++) {
                TranslationPair p = TranslationPair.of(task.example(rng, n));
                assertEquals(shape.sourceLength(), p.sourceLength(), task + " at " + n);
                assertEquals(shape.targetLength(), p.targetLength(), task + " at " + n);
            }
            assertEquals(task.sequenceLength(n), shape.sourceLength() + shape.targetLength()
                    + (task == TaskKind.ASSOCIATIVE_RECALL ? 0 : 1), "source + SEP + target is the example");
        }
    }

    /** Teacher forcing: the decoder reads [start] + target[0 … m−2] and predicts target[0 … m−1]. */
    @Test
    void batchesPadSourcesAndShiftTargetsRight() {
        TranslationPair shortPair = new TranslationPair(new int[] {d(1)}, new int[] {d(1)});
        TranslationPair longPair = new TranslationPair(new int[] {d(2), d(3), d(4)}, new int[] {d(4), d(3), d(2)});
        TranslationBatch b = TranslationBatch.of(List.of(shortPair, longPair), Vocabulary.PAD);
        assertEquals(3, b.sourceLength());
        assertEquals(3, b.targetLength());
        assertArrayEquals(new int[] {d(1), 0, 0, d(2), d(3), d(4)}, b.sources());
        int start = Vocabulary.PAD;
        assertArrayEquals(new int[] {start, 0, 0, start, d(4), d(3)}, b.decoder().inputs());
        int ig = Losses.IGNORE_INDEX;
        assertArrayEquals(new int[] {d(1), ig, ig, d(4), d(3), d(2)}, b.decoder().targets());
        assertEquals(4, b.decoder().targetCount());
    }

    @Test
    void emptySidesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TranslationPair(new int[0], new int[] {d(1)}));
        assertThrows(IllegalArgumentException.class, () -> new TranslationPair(new int[] {d(1)}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> TranslationBatch.of(List.of(), 0));
    }
}
