package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class LogSoftmaxKernelsTest {
    private static final int N = 4;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void logSoftmaxSimdMatchesScalar(int C) {
        Random random = new Random(50 + C);
        float[] x = random(random, N * C, 8f);
        float[] scalar = new float[N * C];
        float[] simd = new float[N * C];
        LogSoftmaxKernels.logSoftmaxForwardScalar(scalar, x, 0, N, C);
        LogSoftmaxKernels.logSoftmaxForwardSimd(simd, x, 0, N, C);
        assertClose(scalar, simd, 1e-5, 1e-5, "logSoftmax C=" + C);

        float[] dy = random(random, N * C, 1f);
        float[] dxScalar = random(new Random(4), N * C, 1f);
        float[] dxSimd = dxScalar.clone();
        LogSoftmaxKernels.logSoftmaxBackwardScalar(dxScalar, dy, scalar, 0, N, C);
        LogSoftmaxKernels.logSoftmaxBackwardSimd(dxSimd, dy, scalar, 0, N, C);
        assertClose(dxScalar, dxSimd, 1e-5, 1e-5, "logSoftmax backward C=" + C);
    }
}
