package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayoutTest {
    private final Random random = new Random(13);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void splitHeadsMovesHeadsBeforeTime() {
        int B = 2;
        int T = 3;
        int NH = 4;
        int HS = 5;
        Tensor x = GradCheck.randomLeaf(random, B, T, NH * HS);
        Tensor y = Layout.splitHeads(inference, x, NH);
        assertArrayEquals(new int[] {B, NH, T, HS}, y.shape());
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < NH; h++) {
                    for (int d = 0; d < HS; d++) {
                        assertEquals(x.get(b, t, h * HS + d), y.get(b, h, t, d));
                    }
                }
            }
        }
        Tensor merged = Layout.mergeHeads(inference, y);
        assertArrayEquals(new int[] {B, T, NH * HS}, merged.shape());
        assertArrayEquals(x.data(), merged.data());
    }

    @Test
    void gradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 3 * 7);
        GradCheck.standard().check(List.of(x), tape -> Layout.splitHeads(tape, x, 3));
        Tensor heads = GradCheck.randomLeaf(random, 2, 3, 5, 7);
        GradCheck.standard().check(List.of(heads), tape -> Layout.mergeHeads(tape, heads));
        GradCheck.standard().check(List.of(heads), tape -> Layout.transposeHeads(tape, heads));
    }

    @Test
    void badShapesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layout.splitHeads(inference, Tensor.zeros(2, 3, 10), 3));
        assertTrue(e.getMessage().contains("channels 10") && e.getMessage().contains("numHeads 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layout.mergeHeads(inference, Tensor.zeros(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> Layout.splitHeads(inference, Tensor.zeros(2, 3, 4, 5), 2));
    }
}
