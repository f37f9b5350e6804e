package io.github.swapformer.experiments.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.random.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskKindTest {

    @ParameterizedTest
    @EnumSource(TaskKind.class)
    void examplesHaveTheAdvertisedLengthVocabularyAndSeparator(TaskKind task) {
        Rng rng = new Rng(7);
        for (int n : new int[] {1, 2, 5, 8, 17, 32}) {
            Example e = task.example(rng, n);
            assertEquals(task.sequenceLength(n), e.tokens().length, task + " size " + n);
            assertEquals(task.inputLength(n), e.inputLength());
            for (int t : e.tokens()) {
                assertTrue(t > Vocabulary.PAD && t < Vocabulary.SIZE, task + ": token " + t + " in " + e);
            }
            for (int t = e.answerStart(); t < e.tokens().length; t++) {
                assertTrue(e.tokens()[t] >= Vocabulary.FIRST_SYMBOL, "answers are symbols: " + e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TaskKind.class)
    void aSeedGivesTheSameExamplesAndAnotherSeedOthers(TaskKind task) {
        Example a = task.example(new Rng(1), 12);
        Example b = task.example(new Rng(1), 12);
        assertArrayEquals(a.tokens(), b.tokens());
        boolean differs = false;
        for (long s = 2; s < 10 && !differs; s++) {
            differs = !Arrays.equals(a.tokens(), task.example(new Rng(s), 12).tokens());
        }
        assertTrue(differs, task + " ignores its seed");
    }

    @Test
    void copyReverseAndSortAnswerTheirPrompt() {
        Rng rng = new Rng(3);
        for (int i = 0; i < 50; i++) {
            int[] c = TaskKind.COPY.example(rng, 6).tokens();
            assertArrayEquals(Arrays.copyOfRange(c, 0, 6), Arrays.copyOfRange(c, 7, 13));
            assertEquals(Vocabulary.SEP, c[6]);
            int[] r = TaskKind.REVERSE.example(rng, 6).tokens();
            for (int k = 0; k < 6; k++) {
                assertEquals(r[k], r[12 - k]);
            }
            int[] s = TaskKind.SORT.example(rng, 6).tokens();
            int[] sorted = Arrays.copyOfRange(s, 0, 6);
            Arrays.sort(sorted);
            assertArrayEquals(sorted, Arrays.copyOfRange(s, 7, 13));
        }
    }

    @Test
    void additionIsLeastSignificantDigitFirst() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 200; i++) {
            int n = 1 + i % 7;
            int[] t = TaskKind.ADDITION.example(rng, n).tokens();
            long a = number(t, 0, n);
            long b = number(t, n + 1, n);
            assertEquals(Vocabulary.PLUS, t[n]);
            assertEquals(Vocabulary.SEP, t[2 * n + 1]);
            assertEquals(a + b, number(t, 2 * n + 2, n + 1), Vocabulary.render(t));
        }
        // 95 + 17 = 112, written 5 9 + 7 1 | 2 1 1 (hand arithmetic).
        assertEquals("5 9 + 7 1 | 2 1 1", Vocabulary.render(new int[] {9, 13, 2, 11, 5, 1, 6, 5, 5}));
    }

    @Test
    void parityCountsOnes() {
        Rng rng = new Rng(9);
        for (int i = 0; i < 100; i++) {
            int[] t = TaskKind.PARITY.example(rng, 9).tokens();
            int ones = 0;
            for (int k = 0; k < 9; k++) {
                assertTrue(t[k] == Vocabulary.symbol(0) || t[k] == Vocabulary.symbol(1));
                ones += t[k] - Vocabulary.FIRST_SYMBOL;
            }
            assertEquals(Vocabulary.symbol(ones % 2), t[10]);
        }
    }

    @Test
    void recallAnswersTheLastValueOfTheQueriedKey() {
        Rng rng = new Rng(11);
        for (int i = 0; i < 100; i++) {
            int n = 1 + i % 20;
            int[] t = TaskKind.ASSOCIATIVE_RECALL.example(rng, n).tokens();
            assertEquals(Vocabulary.QUERY, t[2 * n]);
            int key = t[2 * n + 1];
            int expected = -1;
            for (int k = 0; k < n; k++) {
                assertTrue(t[2 * k] < Vocabulary.symbol(8) && t[2 * k + 1] >= Vocabulary.symbol(8));
                if (t[2 * k] == key) {
                    expected = t[2 * k + 1];
                }
            }
            assertEquals(expected, t[2 * n + 2]);
        }
    }

    @Test
    void targetsAreTheAnswerTokensOnly() {
        Example e = new Example(new int[] {4, 5, 1, 4, 5}, 3);
        assertArrayEquals(new int[] {Losses.IGNORE_INDEX, Losses.IGNORE_INDEX, 4, 5},
                new int[] {e.target(0), e.target(1), e.target(2), e.target(3)});
    }

    @Test
    void batchesAreRightPaddedWithIgnoredTargets() {
        Example shortOne = new Example(new int[] {4, 1, 4}, 2);
        Example longOne = new Example(new int[] {4, 5, 6, 1, 4, 5, 6}, 4);
        Batch b = Batch.of(List.of(shortOne, longOne));
        assertEquals(6, b.length());
        assertArrayEquals(new int[] {4, 1, 0, 0, 0, 0, 4, 5, 6, 1, 4, 5}, b.inputs());
        int x = Losses.IGNORE_INDEX;
        assertArrayEquals(new int[] {x, 4, x, x, x, x, x, x, x, 4, 5, 6}, b.targets());
        assertEquals(4, b.targetCount());
    }

    @Test
    void badInputIsRefusedWithItsValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskKind.COPY.example(new Rng(1), 0));
        assertTrue(e.getMessage().contains("size 0"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> TaskKind.fromId("copy2"));
        assertTrue(u.getMessage().contains("copy2") && u.getMessage().contains("associative_recall"), u.getMessage());
        assertEquals(TaskKind.ASSOCIATIVE_RECALL, TaskKind.fromId("Associative_Recall"));
    }

    private static long number(int[] t, int from, int digits) {
        long v = 0;
        for (int i = digits - 1; i >= 0; i--) {
            v = v * 10 + (t[from + i] - Vocabulary.FIRST_SYMBOL);
        }
        return v;
    }
}
