package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatmulTest {
    private final Random random = new Random(7);

    @Test
    void linearMatchesHandComputedValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3);
        Tensor b = Tensor.of(new float[] {0.5f, -1}, 2);
        Tensor y = Matmul.linear(Tape.inference(Parallel.serial()), x, w, b);
        assertArrayEquals(new float[] {1 - 3 + 0.5f, 2 + 2 - 1, 4 - 6 + 0.5f, 8 + 5 - 1}, y.data(), 1e-6f);
    }

    @Test
    void linearGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor w = GradCheck.randomLeaf(random, 3, 7);
        Tensor b = GradCheck.randomLeaf(random, 3);
        GradCheck.standard().check(List.of(x, w, b), tape -> Matmul.linear(tape, x, w, b));
    }

    @Test
    void batchedMatmulGradients() {
        Tensor a = GradCheck.randomLeaf(random, 2, 5, 7);
        Tensor b = GradCheck.randomLeaf(random, 2, 7, 3);
        GradCheck.standard().check(List.of(a, b), tape -> Matmul.matmul(tape, a, b));
        Tensor c = GradCheck.randomLeaf(random, 2, 3, 7);
        GradCheck.standard().check(List.of(a, c), tape -> Matmul.matmulTransposed(tape, a, c));
    }

    @Test
    void batchedGradientsOnOddShapes() {
        Tensor a = GradCheck.randomLeaf(random, 3, 7, 17);
        Tensor b = GradCheck.randomLeaf(random, 3, 17, 1);
        GradCheck.standard().check(List.of(a, b), tape -> Matmul.matmul(tape, a, b));
        Tensor c = GradCheck.randomLeaf(random, 3, 9, 17);
        GradCheck.standard().check(List.of(a, c), tape -> Matmul.matmulTransposed(tape, a, c));
    }

    @Test
    void batchedProductsAgreeWithPerItemReferenceAndAcrossThreadCounts() {
        for (int batch : new int[] {1, 3, 4, 12}) {
            Tensor q = GradCheck.randomLeaf(random, batch, 33, 16);
            Tensor k = GradCheck.randomLeaf(random, batch, 40, 16);
            Tensor v = GradCheck.randomLeaf(random, batch, 40, 16);
            float[][] serial = scoresAndGrads(Parallel.serial(), q, k, v);
            try (Parallel two = Parallel.of(2)) {
                float[][] parallel = scoresAndGrads(two, q, k, v);
                for (int i = 0; i < serial.length; i++) {
                    assertArrayEquals(serial[i], parallel[i], "batch " + batch + " array " + i + " differs between 1 and 2 threads");
                }
            }
            // out[i](m, n) = Σ_k q[i](m, k)·k[i](n, k), written out by hand as the reference.
            float[] out = serial[0];
            for (int i = 0; i < batch; i++) {
                for (int m = 0; m < 33; m++) {
                    for (int n = 0; n < 40; n++) {
                        double s = 0;
                        for (int c = 0; c < 16; c++) {
                            s += (double) q.data()[(i * 33 + m) * 16 + c] * k.data()[(i * 40 + n) * 16 + c];
                        }
                        assertEquals(s, out[(i * 33 + m) * 40 + n], 1e-4);
                    }
                }
            }
        }
    }

    /** Attention-like chain: softmax-free scores = q·kᵀ, y = scores·v; returns scores, y and every gradient. */
    private static float[][] scoresAndGrads(Parallel pool, Tensor q, Tensor k, Tensor v) {
        Tape tape = Tape.recording(pool);
        q.zeroGrad();
        k.zeroGrad();
        v.zeroGrad();
        Tensor scores = Matmul.matmulTransposed(tape, q, k);
        Tensor y = Matmul.matmul(tape, scores, v);
        float[] seed = new float[y.size()];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (float) Math.sin(i);
        }
        tape.backward(y, seed);
        return new float[][] {scores.data().clone(), y.data().clone(), q.grad().clone(), k.grad().clone(), v.grad().clone()};
    }

    @Test
    void mismatchedShapesNameBoth() {
        Tape tape = Tape.inference(Parallel.serial());
        assertThrows(IllegalArgumentException.class,
                () -> Matmul.linear(tape, Tensor.zeros(2, 3), Tensor.zeros(4, 5), null));
    }
}
