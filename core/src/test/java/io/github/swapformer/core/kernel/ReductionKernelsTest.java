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

    @Test
    void argmaxTwinMatchesScalarSpecOnRandomRowsTiesAndSpecialValues() {
        int off = 5;
        for (int n : SIZES) {
            for (int trial = 0; trial < 20; trial++) {
                float[] x = Twins.random(random, off + n + 3, 1f);
                // coarse values give ties; trial 0 keeps the fine values
                if (trial % 2 == 1) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Math.round(x[i] * 2f);
                    }
                }
                if (trial % 5 == 2) {
                    x[off + random.nextInt(n)] = Float.NaN;
                }
                if (trial % 7 == 3) {
                    java.util.Arrays.fill(x, off, off + n, trial % 2 == 0 ? -0f : 0f);
                    x[off + random.nextInt(n)] = trial % 2 == 0 ? 0f : -0f;
                }
                if (trial == 4) {
                    java.util.Arrays.fill(x, off, off + n, Float.NEGATIVE_INFINITY);
                }
                assertEquals(ReductionKernels.argmaxScalar(x, off, n), ReductionKernels.argmaxSimd(x, off, n),
                        "argmax n=" + n + " trial " + trial + ": " + java.util.Arrays.toString(x));
            }
        }
    }

    @Test
    void argmaxTakesTheFirstOfTiesAndSkipsNanButAnswersZeroForALeadingNan() {
        float[] x = {1f, 3f, Float.NaN, 3f, 2f};
        assertEquals(1, ReductionKernels.argmaxScalar(x, 0, 5));
        assertEquals(1, ReductionKernels.argmaxSimd(x, 0, 5));
        float[] lead = {Float.NaN, 3f, 4f};
        assertEquals(0, ReductionKernels.argmaxScalar(lead, 0, 3));
        assertEquals(0, ReductionKernels.argmaxSimd(lead, 0, 3));
        float[] wide = new float[1000];
        wide[999] = 1f;
        wide[40] = 1f;
        assertEquals(40, ReductionKernels.argmaxSimd(wide, 0, 1000));
        assertEquals(958, ReductionKernels.argmaxSimd(wide, 41, 959));
    }
}
