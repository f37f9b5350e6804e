package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class NormKernelsTest {
    private static final int N = 3;
    private static final float EPS = 1e-5f;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void layerNormSimdMatchesScalar(int C) {
        Random random = new Random(C);
        float[] x = random(random, N * C, 2f);
        for (int i = 0; i < x.length; i++) {
            x[i] += 3f; // an offset mean: the two-pass variance must not cancel
        }
        float[] w = random(random, C, 1f);
        float[] b = random(random, C, 1f);
        float[] dy = random(random, N * C, 1f);
        float[][] scalar = {new float[N * C], new float[N], new float[N], random(new Random(1), N * C, 1f)};
        float[][] simd = {new float[N * C], new float[N], new float[N], scalar[3].clone()};
        NormKernels.layerNormForwardScalar(scalar[0], scalar[1], scalar[2], x, w, b, EPS, 0, N, C);
        NormKernels.layerNormForwardSimd(simd[0], simd[1], simd[2], x, w, b, EPS, 0, N, C);
        assertClose(scalar[0], simd[0], 1e-5, 1e-5, "layerNorm out, C=" + C);
        assertClose(scalar[1], simd[1], 1e-6, 1e-5, "layerNorm mean, C=" + C);
        assertClose(scalar[2], simd[2], 1e-6, 1e-5, "layerNorm rstd, C=" + C);
        NormKernels.layerNormBackwardInputScalar(scalar[3], dy, x, w, scalar[1], scalar[2], 0, N, C);
        NormKernels.layerNormBackwardInputSimd(simd[3], dy, x, w, scalar[1], scalar[2], 0, N, C);
        assertClose(scalar[3], simd[3], 1e-5, 1e-5, "layerNorm dx, C=" + C);

        float[] noBiasScalar = new float[N * C];
        float[] noBiasSimd = new float[N * C];
        NormKernels.layerNormForwardScalar(noBiasScalar, new float[N], new float[N], x, w, null, EPS, 0, N, C);
        NormKernels.layerNormForwardSimd(noBiasSimd, new float[N], new float[N], x, w, null, EPS, 0, N, C);
        assertClose(noBiasScalar, noBiasSimd, 1e-5, 1e-5, "layerNorm without bias, C=" + C);
    }

    @ParameterizedTest
    @FieldSource("SIZES")
    void threadedBackwardIsBitwiseSerial(int C) {
        int rows = 37;
        Random random = new Random(C);
        float[] x = random(random, rows * C, 1f);
        float[] w = random(random, C, 1f);
        float[] dy = random(random, rows * C, 1f);
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        NormKernels.layerNormForward(new float[rows * C], mean, rstd, x, w, null, EPS, rows, C, Parallel.serial());
        float[][] serial = {new float[rows * C], new float[C], new float[C]};
        float[][] threaded = {new float[rows * C], new float[C], new float[C]};
        NormKernels.layerNormBackward(serial[0], serial[1], serial[2], dy, x, w, mean, rstd, rows, C, Parallel.serial());
        try (Parallel pool = Parallel.of(3)) {
            NormKernels.layerNormBackward(threaded[0], threaded[1], threaded[2], dy, x, w, mean, rstd, rows, C, pool);
        }
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(serial[k], threaded[k], "output " + k + " at C=" + C);
        }
    }
}
