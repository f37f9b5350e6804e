package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CrossEntropyKernelsTest {
    private static final int N = 4;
    private static final int IGNORE = -100;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void simdMatchesScalar(int V) {
        Random random = new Random(V);
        float[] logits = random(random, N * V, 6f);
        int[] targets = {0, V - 1, IGNORE, V / 2};
        float[] dlosses = random(random, N, 1f);
        for (float smoothing : new float[] {0f, 0.1f}) {
            float[] lossScalar = new float[N];
            float[] lossSimd = new float[N];
            float[] maxScalar = new float[N];
            float[] maxSimd = new float[N];
            float[] logSumScalar = new float[N];
            float[] logSumSimd = new float[N];
            CrossEntropyKernels.forwardScalar(lossScalar, maxScalar, logSumScalar, logits, targets, IGNORE, smoothing,
                    0, N, V);
            CrossEntropyKernels.forwardSimd(lossSimd, maxSimd, logSumSimd, logits, targets, IGNORE, smoothing, 0, N, V);
            String what = "V=" + V + ", smoothing " + smoothing;
            assertClose(maxScalar, maxSimd, 0, 0, "row max " + what);
            assertClose(logSumScalar, logSumSimd, 1e-6, 1e-5, "log sum " + what);
            assertClose(lossScalar, lossSimd, 2e-5, 1e-5, "loss " + what);

            float[] dScalar = random(new Random(9), N * V, 1f);
            float[] dSimd = dScalar.clone();
            CrossEntropyKernels.backwardScalar(dScalar, dlosses, logits, maxScalar, logSumScalar, targets, IGNORE,
                    smoothing, 0, N, V);
            CrossEntropyKernels.backwardSimd(dSimd, dlosses, logits, maxScalar, logSumScalar, targets, IGNORE,
                    smoothing, 0, N, V);
            assertClose(dScalar, dSimd, 1e-6, 1e-5, "dlogits " + what);
        }
    }
}
