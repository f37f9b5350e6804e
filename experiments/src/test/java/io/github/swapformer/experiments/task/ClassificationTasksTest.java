package io.github.swapformer.experiments.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.random.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sequence-classification tasks MAJORITY and BRACKETS: answers, balance of labels, hard negatives. */
class ClassificationTasksTest {

    @Test
    void majorityAnswersOneOnlyWhenOnesOutnumberZeros() {
        Rng rng = new Rng(11);
        int ties = 0;
        for (int i = 0; i < 2000; i++) {
            int n = 1 + i % 10;
            int[] t = TaskKind.MAJORITY.example(rng, n).tokens();
            assertEquals(Vocabulary.SEP, t[n]);
            int ones = 0;
            for (int k = 0; k < n; k++) {
                ones += t[k] - Vocabulary.FIRST_SYMBOL;
            }
            ties += 2 * ones == n ? 1 : 0;
            int expected = 2 * ones > n ? 1 : 0;
            assertEquals(Vocabulary.symbol(expected), t[n + 1], Vocabulary.render(t));
        }
        assertTrue(ties > 0, "even sizes draw ties, which answer 0");
        // hand-checked: 1 0 1 has two ones of three -> 1; 1 0 1 0 is a tie -> 0
        assertEquals("1 0 1 | 1", Vocabulary.render(new int[] {5, 4, 5, 1, 5}));
    }

    @Test
    void majorityAtOddSizesIsHalfOnes() {
        Rng rng = new Rng(12);
        int ones = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            int[] t = TaskKind.MAJORITY.example(rng, 7).tokens();
            ones += t[8] == Vocabulary.symbol(1) ? 1 : 0;
        }
        // at odd n there are no ties and the two labels are symmetric: 0.5 ± 4 standard errors (0.008)
        assertEquals(0.5, (double) ones / draws, 0.032);
    }

    @Test
    void bracketsLabelsBalancedWordsAndNegativesKeepTheCounts() {
        Rng rng = new Rng(13);
        int positives = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            int n = 1 + i % 9;
            int[] t = TaskKind.BRACKETS.example(rng, n).tokens();
            assertEquals(2 * n + 2, t.length);
            assertEquals(Vocabulary.SEP, t[2 * n]);
            int[] steps = new int[2 * n];
            int opens = 0;
            for (int k = 0; k < 2 * n; k++) {
                assertTrue(t[k] == Vocabulary.symbol(0) || t[k] == Vocabulary.symbol(1), Vocabulary.render(t));
                steps[k] = t[k] == Vocabulary.symbol(0) ? 1 : -1;
                opens += steps[k] > 0 ? 1 : 0;
            }
            assertEquals(n, opens, "positives and negatives both have n of each bracket: " + Vocabulary.render(t));
            boolean balanced = isDyck(steps);
            assertEquals(Vocabulary.symbol(balanced ? 1 : 0), t[2 * n + 1], Vocabulary.render(t));
            positives += balanced ? 1 : 0;
        }
        assertEquals(0.5, (double) positives / draws, 0.032, "about half balanced (4 standard errors)");
    }

    @Test
    void dyckWordsAreUniform() {
        // Catalan(3) = 5 Dyck words of 3 pairs; each should appear about 1/5 of the time
        Rng rng = new Rng(14);
        int[] counts = new int[64];
        int draws = 5000;
        for (int i = 0; i < draws; i++) {
            int[] w = Brackets.dyckWord(rng, 3);
            assertTrue(Brackets.isBalanced(w));
            int code = 0;
            for (int s : w) {
                code = 2 * code + (s > 0 ? 1 : 0);
            }
            counts[code]++;
        }
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                seen.add(c);
                // 1000 expected, standard deviation sqrt(5000 · 0.2 · 0.8) ≈ 28: allow 5 of them
                assertEquals(1000, counts[c], 140, "word " + Integer.toBinaryString(c));
            }
        }
        assertEquals(5, seen.size());
    }

    @Test
    void unbalancedWordsGoNegativeSomewhere() {
        Rng rng = new Rng(15);
        for (int i = 0; i < 500; i++) {
            int[] w = Brackets.unbalancedWord(rng, 1 + i % 8);
            assertFalse(Brackets.isBalanced(w));
            if (w.length >= 6) {
                assertTrue(w[0] > 0 && w[w.length - 1] < 0, "from 3 pairs on a negative opens and closes like a positive");
            }
            int sum = 0;
            for (int s : w) {
                sum += s;
            }
            assertEquals(0, sum);
        }
        assertTrue(Brackets.isBalanced(new int[] {1, -1, 1, 1, -1, -1}));
        assertFalse(Brackets.isBalanced(new int[] {1, -1, -1, 1}));
        assertArrayEquals(new int[] {1, -1}, Brackets.dyckWord(new Rng(1), 1));
    }

    private static boolean isDyck(int[] steps) {
        int depth = 0;
        for (int s : steps) {
            depth += s;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
