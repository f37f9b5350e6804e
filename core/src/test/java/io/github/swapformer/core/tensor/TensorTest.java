package io.github.swapformer.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void rowMajorIndexingAndShapeQueries() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3, t.dim(-1));
        assertEquals(2, t.rows());
        t.set(9f, 0, 1);
        assertEquals(9f, t.data()[1]);
    }

    @Test
    void reshapeSharesDataAndGradient() {
        Tensor t = Tensor.zerosWithGrad(2, 3);
        Tensor r = t.reshape(3, 2);
        assertSame(t.data(), r.data());
        assertSame(t.grad(), r.grad());
        r.grad()[4] = 7f;
        assertEquals(7f, t.grad()[4]);
    }

    @Test
    void copyOwnsNewArrays() {
        Tensor t = Tensor.zerosWithGrad(2);
        Tensor c = t.copy();
        assertNotSame(t.data(), c.data());
        assertNotSame(t.grad(), c.grad());
        assertTrue(c.sameShape(t));
    }

    @Test
    void badShapesAndIndicesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(2, 0));
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertArrayEquals(new int[] {2, 3}, Tensor.zeros(2, 3).shape());
    }
}
