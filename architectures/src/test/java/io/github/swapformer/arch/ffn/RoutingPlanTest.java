package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoutingPlanTest {
    @Test
    void picksTheLargestLogitsBestFirstAndTiesGoToTheLowerIndex() {
        float[] logits = {
            0.1f, 0.9f, 0.5f, 0.3f,
            2f, 2f, 1f, 2f,     // a three-way tie
            -1f, -3f, -2f, 0f,
        };
        RoutingPlan plan = RoutingPlan.of(logits, 3, 4, 2, 6);
        assertArrayEquals(new int[] {1, 2, 0, 1, 3, 0}, plan.choice());
        assertEquals(0, plan.dropped());
        assertEquals(2, plan.chosen(0));
        assertEquals(2, plan.chosen(1));
    }

    @Test
    void capacityFillsFirstChoicesInTokenOrderBeforeSecondChoices() {
        // five tokens, all prefer expert 0, then expert 1; capacity 2 per expert
        float[] logits = new float[5 * 3];
        for (int n = 0; n < 5; n++) {
            logits[n * 3] = 2f;
            logits[n * 3 + 1] = 1f;
        }
        RoutingPlan plan = RoutingPlan.of(logits, 5, 3, 2, 2);
        assertArrayEquals(new int[] {0, 1}, plan.rows()[0], "first choices, in token order");
        assertArrayEquals(new int[] {0, 1}, plan.rows()[1], "second choices of the same tokens");
        assertArrayEquals(new int[0], plan.rows()[2]);
        assertEquals(6, plan.dropped(), "tokens 2..4 lose both choices");
        assertTrue(plan.kept(1, 0) && plan.kept(1, 1));
        assertEquals(-1, plan.position()[2 * 2]);
        assertEquals(1, plan.position()[1 * 2 + 1], "token 1 is row 1 of expert 1");
    }

    @Test
    void secondChoicesYieldToAnyFirstChoice() {
        // token 0: experts 0 then 1; token 1: expert 1 then 0; capacity 1 → each keeps only its first choice
        float[] logits = {1f, 0f, 0f, 1f};
        RoutingPlan plan = RoutingPlan.of(logits, 2, 2, 2, 1);
        assertArrayEquals(new int[] {0}, plan.rows()[0]);
        assertArrayEquals(new int[] {1}, plan.rows()[1]);
        assertEquals(2, plan.dropped());
    }

    @Test
    void refusesLogitsOfTheWrongSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutingPlan.of(new float[5], 2, 3, 1, 2));
        assertTrue(e.getMessage().contains("5 logits"), e.getMessage());
    }
}
