package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class RmsNormKernelsTest {
    private static final int N = 3;
    private static final float EPS = 1e-5f;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void rmsNormSimdMatchesScalar(int C) {
        Random random = new Random(100 + C);
        float[] x = random(random, N * C, 2f);
        float[] w = random(random, C, 1f);
        float[] dy = random(random, N * C, 1f);
        float[] outScalar = new float[N * C];
        float[] outSimd = new float[N * C];
        float[] rstdScalar = new float[N];
        float[] rstdSimd = new float[N];
        RmsNormKernels.rmsNormForwardScalar(outScalar, rstdScalar, x, w, EPS, 0, N, C);
        RmsNormKernels.rmsNormForwardSimd(outSimd, rstdSimd, x, w, EPS, 0, N, C);
        assertClose(outScalar, outSimd, 1e-5, 1e-5, "rmsNorm out, C=" + C);
        assertClose(rstdScalar, rstdSimd, 1e-6, 1e-5, "rmsNorm rstd, C=" + C);
        float[] dxScalar = random(new Random(2), N * C, 1f);
        float[] dxSimd = dxScalar.clone();
        RmsNormKernels.rmsNormBackwardInputScalar(dxScalar, dy, x, w, rstdScalar, 0, N, C);
        RmsNormKernels.rmsNormBackwardInputSimd(dxSimd, dy, x, w, rstdScalar, 0, N, C);
        assertClose(dxScalar, dxSimd, 1e-5, 1e-5, "rmsNorm dx, C=" + C);
    }
}
