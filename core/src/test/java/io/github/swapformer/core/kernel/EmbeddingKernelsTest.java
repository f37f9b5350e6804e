package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class EmbeddingKernelsTest {
    private static final int V = 5;
    private static final int[] IDS = {3, 0, 3, 4, 3, 1, 0}; // repeats: the scatter-add must accumulate
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void backwardSimdMatchesScalar(int C) {
        Random random = new Random(C);
        float[] dout = random(random, IDS.length * C, 1f);
        float[] scalar = random(random, V * C, 1f);
        float[] simd = scalar.clone();
        EmbeddingKernels.backwardScalar(scalar, dout, IDS, IDS.length, C, 0, C);
        EmbeddingKernels.backwardSimd(simd, dout, IDS, IDS.length, C, 0, C);
        // Same additions in the same order per element: the twins agree exactly.
        assertClose(scalar, simd, 0, 0, "embedding backward, C=" + C);
    }

    @ParameterizedTest
    @FieldSource("SIZES")
    void threadedBackwardIsBitwiseSerialAndForwardCopiesRows(int C) {
        Random random = new Random(C);
        float[] table = random(random, V * C, 1f);
        float[] dout = random(random, IDS.length * C, 1f);
        float[] serial = new float[V * C];
        float[] threaded = new float[V * C];
        float[] out = new float[IDS.length * C];
        EmbeddingKernels.backward(serial, dout, IDS, IDS.length, C, Parallel.serial());
        try (Parallel pool = Parallel.of(3)) {
            EmbeddingKernels.backward(threaded, dout, IDS, IDS.length, C, pool);
            EmbeddingKernels.forward(out, table, IDS, IDS.length, C, pool);
        }
        assertArrayEquals(serial, threaded);
        for (int n = 0; n < IDS.length; n++) {
            for (int c = 0; c < C; c++) {
                assertArrayEquals(new float[] {table[IDS[n] * C + c]}, new float[] {out[n * C + c]});
            }
        }
    }
}
