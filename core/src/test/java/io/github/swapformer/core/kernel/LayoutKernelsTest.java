package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class LayoutKernelsTest {
    private static final int B = 2;
    private static final int A1 = 3;
    private static final int A2 = 5;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void copyMatchesScalarAndBackwardTwinsAgree(int D) {
        Random random = new Random(D);
        float[] inp = random(random, B * A1 * A2 * D, 1f);
        float[] scalar = new float[inp.length];
        float[] fast = new float[inp.length];
        LayoutKernels.swapMiddleAxesScalar(scalar, inp, B, A1, A2, D);
        try (Parallel pool = Parallel.of(2)) {
            LayoutKernels.swapMiddleAxes(fast, inp, B, A1, A2, D, pool);
        }
        assertArrayEquals(scalar, fast);

        float[] dout = random(random, inp.length, 1f);
        float[] dScalar = random(new Random(1), inp.length, 1f);
        float[] dSimd = dScalar.clone();
        LayoutKernels.swapMiddleAxesBackwardScalar(dScalar, dout, A1, A2, D, 0, B * A1);
        LayoutKernels.swapMiddleAxesBackwardSimd(dSimd, dout, A1, A2, D, 0, B * A1);
        assertClose(dScalar, dSimd, 0, 0, "layout backward, D=" + D);
    }

    @ParameterizedTest
    @FieldSource("SIZES")
    void swappingTwiceIsTheIdentity(int D) {
        float[] inp = random(new Random(D), B * A1 * A2 * D, 1f);
        float[] once = new float[inp.length];
        float[] twice = new float[inp.length];
        LayoutKernels.swapMiddleAxes(once, inp, B, A1, A2, D, Parallel.serial());
        LayoutKernels.swapMiddleAxes(twice, once, B, A2, A1, D, Parallel.serial());
        assertArrayEquals(inp, twice);
    }
}
