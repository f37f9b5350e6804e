package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
    private final Random random = new Random(9);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void lookupGathersRowsInIdShape() {
        Tensor table = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor out = Embeddings.lookup(inference, table, new int[] {2, 0, 2, 1}, 2, 2);
        assertArrayEquals(new int[] {2, 2, 2}, out.shape());
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 10, 11}, out.data());
        assertArrayEquals(new int[] {3, 2}, Embeddings.lookup(inference, table, new int[] {0, 1, 2}).shape());
    }

    @Test
    void backwardScatterAddsRepeatedIds() {
        Tensor table = Tensor.zerosWithGrad(3, 2);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor out = Embeddings.lookup(tape, table, new int[] {2, 0, 2});
        tape.backward(out, new float[] {1, 2, 3, 4, 5, 6});
        // Row 2 is read twice: its gradient is the sum of positions 0 and 2.
        assertArrayEquals(new float[] {3, 4, 0, 0, 1 + 5, 2 + 6}, table.grad());
    }

    @Test
    void gradientCheck() {
        Tensor table = GradCheck.randomLeaf(random, 7, 5);
        int[] ids = {6, 1, 1, 0, 3, 6, 6, 2, 5, 4};
        GradCheck.standard().check(List.of(table), tape -> Embeddings.lookup(tape, table, ids, 2, 5));
    }

    @Test
    void outOfRangeIdNamesIdAndTableSize() {
        Tensor table = Tensor.zeros(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Embeddings.lookup(inference, table, new int[] {0, 4}));
        assertTrue(e.getMessage().contains("id 4") && e.getMessage().contains("4 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Embeddings.lookup(inference, table, new int[] {-1}));
        e = assertThrows(IllegalArgumentException.class, () -> Embeddings.lookup(inference, table, new int[] {0, 1, 2}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }
}
