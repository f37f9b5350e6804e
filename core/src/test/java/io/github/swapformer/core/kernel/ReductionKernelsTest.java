package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.Twins.SIZES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionKernelsTest {
    private final Random random = new Random(37);

    @Test
    void simdTwinsMatchScalarSpec() {
        for (int n : SIZES) {
            float[] x = Twins.random(random, n, 1f);
            double scalar = ReductionKernels.sumScalar(x, 0, n);
            double simd = ReductionKernels.sumSimd(x, 0, n);
            // Standard bound for recursive float summation, per lane: (additions per lane)·u·Σ|x|, u = 2^-24.
            double abs = 0;
            for (float v : x) {
                abs += Math.abs(v);
            }
            assertEquals(scalar, simd, (n / 16 + 1) * 0x1p-24 * abs, "sum n=" + n);
            float[] d1 = Twins.random(random, n, 1f);
            float[] d2 = d1.clone();
            ReductionKernels.addConstantScalar(d1, 0.25f, 0, n);
            ReductionKernels.addConstantSimd(d2, 0.25f, 0, n);
            assertArrayEquals(d1, d2, "addConstant n=" + n);
        }
    }
}
