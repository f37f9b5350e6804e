package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.Twins.SIZES;
import static io.github.swapformer.core.kernel.Twins.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseKernelsTest {
    private final Random random = new Random(11);

    @Test
    void simdTwinsMatchScalarSpec() {
        for (int n : SIZES) {
            float[] a = Twins.random(random, n, 3f);
            float[] b = Twins.random(random, n, 3f);
            float[] base = Twins.random(random, n, 1f);
            float[] s1 = new float[n];
            float[] s2 = new float[n];
            ElementwiseKernels.addScalar(s1, a, b, 0, n);
            ElementwiseKernels.addSimd(s2, a, b, 0, n);
            assertArrayEquals(s1, s2, "add n=" + n);
            ElementwiseKernels.multiplyScalar(s1, a, b, 0, n);
            ElementwiseKernels.multiplySimd(s2, a, b, 0, n);
            assertArrayEquals(s1, s2, "multiply n=" + n);
            ElementwiseKernels.scaleScalar(s1, a, -0.37f, 0, n);
            ElementwiseKernels.scaleSimd(s2, a, -0.37f, 0, n);
            assertArrayEquals(s1, s2, "scale n=" + n);
            float[] d1 = base.clone();
            float[] d2 = base.clone();
            ElementwiseKernels.multiplyAccumulateScalar(d1, a, b, 0, n);
            ElementwiseKernels.multiplyAccumulateSimd(d2, a, b, 0, n);
            assertArrayEquals(d1, d2, "multiplyAccumulate n=" + n);
            ElementwiseKernels.accumulateScalar(d1, 0, a, 0, 1.5f, n);
            ElementwiseKernels.accumulateSimd(d2, 0, a, 0, 1.5f, n);
            assertArrayEquals(d1, d2, "accumulate n=" + n);
        }
    }

    @Test
    void accumulateWithOffsetsTouchesOnlyItsSlice() {
        float[] dst = new float[40];
        float[] src = new float[40];
        for (int i = 0; i < 40; i++) {
            src[i] = i;
        }
        ElementwiseKernels.accumulateSimd(dst, 5, src, 20, 2f, 17);
        for (int i = 0; i < 40; i++) {
            float expected = i >= 5 && i < 22 ? 2f * (i + 15) : 0f;
            org.junit.jupiter.api.Assertions.assertEquals(expected, dst[i], "dst[" + i + "]");
        }
    }

    @Test
    void biasTwinsMatchScalarSpec() {
        int rows = 3;
        for (int C : SIZES) {
            float[] x = Twins.random(random, rows * C, 2f);
            float[] b = Twins.random(random, C, 2f);
            float[] s1 = new float[rows * C];
            float[] s2 = new float[rows * C];
            ElementwiseKernels.addBiasScalar(s1, x, b, 0, rows, C);
            ElementwiseKernels.addBiasSimd(s2, x, b, 0, rows, C);
            assertArrayEquals(s1, s2, "addBias C=" + C);
            float[] db1 = b.clone();
            float[] db2 = b.clone();
            ElementwiseKernels.biasBackwardScalar(db1, x, rows, C, 0, C);
            ElementwiseKernels.biasBackwardSimd(db2, x, rows, C, 0, C);
            assertClose("biasBackward C=" + C, db1, db2, 0, 0);
        }
    }

    @Test
    void biasBackwardIsTheSameForOneAndTwoThreads() {
        int rows = 1000;
        int C = 77;
        float[] dout = Twins.random(random, rows * C, 1f);
        float[] db1 = new float[C];
        float[] db2 = new float[C];
        try (Parallel one = Parallel.serial(); Parallel two = Parallel.of(2)) {
            ElementwiseKernels.biasBackward(db1, dout, rows, C, one);
            ElementwiseKernels.biasBackward(db2, dout, rows, C, two);
        }
        assertArrayEquals(db1, db2);
    }
}
