package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.parallel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The column-panel product of decoding steps ({@link MatmulKernels#ntPanels}) and its weight cache. */
class WeightPanelsTest {
    private static final int OFF = 3;

    /** K over the twin sizes; N with whole and partial panels; M over the row groups of four and their rest. */
    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        for (int k : Twins.SIZES) {
            for (int n : new int[] {1, 7, 17, 32, 33, 100}) {
                for (int m : new int[] {1, 3, 4, 5, 8, 16}) {
                    list.add(Arguments.of(m, n, k));
                }
            }
        }
        list.add(Arguments.of(1, 1023, 288));
        list.add(Arguments.of(8, 768, 288));
        return list.stream();
    }

    @ParameterizedTest(name = "M={0} N={1} K={2}")
    @MethodSource("shapes")
    void simdMatchesScalarBitwiseAndTheProductWithinRounding(int M, int N, int K) {
        Random random = new Random(17L * M + 5L * N + K);
        float[] a = Twins.random(random, OFF + M * K, 1f);
        float[] b = Twins.random(random, OFF + N * K, 1f);
        float[] panels = MatmulKernels.packPanels(b, OFF, N, K, Parallel.serial());
        int count = (N + MatmulKernels.PANEL - 1) / MatmulKernels.PANEL;
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] scalar = Twins.random(random, OFF + M * N + 2, 1f);
            float[] simd = scalar.clone();
            float[] product = scalar.clone();
            MatmulKernels.ntPanelsScalar(scalar, OFF, a, OFF, panels, M, N, K, 0, count, accumulate);
            MatmulKernels.ntPanelsSimd(simd, OFF, a, OFF, panels, M, N, K, 0, count, accumulate);
            // the same fma chain per output in both twins: the same bits
            assertArrayEquals(scalar, simd, "M=" + M + " N=" + N + " K=" + K + " accumulate=" + accumulate);
            MatmulKernels.ntScalar(product, OFF, a, OFF, b, OFF, M, N, K, accumulate);
            // values up to 30 in a and b: sums of K products round differently by about ulp·K·30²
            Twins.assertClose("panels vs ntScalar", product, scalar, 1e-6 * (K + 1) * 900, 1e-5 * (K + 1));
        }
    }

    @Test
    void panelsHoldTheRowsOfBTransposedAndZeroPastN() {
        int N = MatmulKernels.PANEL + 3;
        int K = 5;
        float[] b = new float[N * K];
        for (int i = 0; i < b.length; i++) {
            b[i] = i + 1;
        }
        float[] p = MatmulKernels.packPanels(b, 0, N, K, Parallel.serial());
        int w = MatmulKernels.PANEL;
        assertEquals(2 * w * K, p.length);
        for (int n = 0; n < 2 * w; n++) {
            for (int k = 0; k < K; k++) {
                float expected = n < N ? b[n * K + k] : 0f;
                assertEquals(expected, p[((n / w) * K + k) * w + n % w], "row " + n + " k " + k);
            }
        }
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        Random random = new Random(3);
        int M = 5;
        int N = 1000;
        int K = 77;
        float[] a = Twins.random(random, M * K, 1f);
        float[] b = Twins.random(random, N * K, 1f);
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3, 2, 1}) {
            try (Parallel pool = Parallel.of(threads)) {
                float[] panels = MatmulKernels.packPanels(b, 0, N, K, pool);
                float[] out = new float[M * N];
                MatmulKernels.ntPanels(out, 0, a, 0, panels, M, N, K, false, pool);
                if (reference == null) {
                    reference = out;
                } else {
                    assertArrayEquals(reference, out, threads + " threads");
                }
            }
        }
    }

    @Test
    void aNewGenerationRepacksChangedWeightsIntoTheSameArray() {
        float[] w = Twins.random(new Random(8), 40 * 70, 1f);
        WeightPanels cache = new WeightPanels();
        float[] first = cache.of(w, 40, 70, Parallel.serial());
        float[] packedBefore = first.clone();
        w[5] = 42f;
        assertArrayEquals(packedBefore, cache.of(w, 40, 70, Parallel.serial()),
                "within a generation the weights are taken as fixed: no repacking");
        cache.newGeneration();
        float[] second = cache.of(w, 40, 70, Parallel.serial());
        assertSame(first, second);
        assertArrayEquals(MatmulKernels.packPanels(w, 0, 40, 70, Parallel.serial()), second);
    }

    @Test
    void packingIntoAnArrayOfTheWrongSizeIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MatmulKernels.packPanels(new float[10], new float[40 * 70], 0, 40, 70, Parallel.serial()));
        assertTrue(e.getMessage().contains("out has 10 floats"), e.getMessage());
    }

    @Test
    void theCachePacksEachWeightOnceAndSuitsOnlyFewRowsAgainstLargeWeights() {
        WeightPanels cache = new WeightPanels();
        float[] w = new float[300 * 288];
        float[] first = cache.of(w, 300, 288, Parallel.serial());
        assertSame(first, cache.of(w, 300, 288, Parallel.serial()));
        cache.of(new float[300 * 288], 300, 288, Parallel.serial());
        assertEquals(2, cache.size());
        float[] other = cache.of(w, 600, 144, Parallel.serial()); // the same array read as another shape
        assertEquals(3, cache.size());
        assertEquals(MatmulKernels.packPanels(w, 0, 600, 144, Parallel.serial()).length, other.length);
        assertTrue(cache.suits(1, 288, 288));
        assertTrue(cache.suits(WeightPanels.MAX_ROWS, 32000, 288));
        assertFalse(cache.suits(WeightPanels.MAX_ROWS + 1, 32000, 288), "a prompt's prefill packs nothing");
        assertFalse(cache.suits(1, 16, 16), "a weight that stays in cache");
    }
}
