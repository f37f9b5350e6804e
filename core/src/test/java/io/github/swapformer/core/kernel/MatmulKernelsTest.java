package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class MatmulKernelsTest {
    private static final int[] SIZES = {1, 7, 8, 15, 16, 17, 100};
    private static final int OFF = 3; // every operand starts past a few unrelated floats

    /** A product in one layout through one implementation, on offset arrays. */
    @FunctionalInterface
    private interface Product {
        void run(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int M, int N, int K, boolean accumulate);
    }

    /** Every (M, N, K) from the small sizes, plus triples that bring in 1023 and the packed path's blocking. */
    static Stream<Arguments> shapes() {
        List<Arguments> list = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    list.add(Arguments.of(m, n, k));
                }
            }
        }
        int[][] large = {{1023, 17, 7}, {7, 1023, 17}, {17, 7, 1023}, {100, 1023, 8}, {1023, 100, 15},
            {16, 100, 1023}, {100, 100, 1023}, {130, 2100, 300}, {1, 1023, 1023}, {1023, 1, 100}, {64, 64, 16}};
        for (int[] s : large) {
            list.add(Arguments.of(s[0], s[1], s[2]));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "M={0} N={1} K={2}")
    @MethodSource("shapes")
    void simdMatchesScalarInEveryLayout(int M, int N, int K) {
        Random random = new Random(31L * M + 7L * N + K);
        for (boolean accumulate : new boolean[] {false, true}) {
            compare("nn", MatmulKernels::nnScalar, MatmulKernels::nnSimd, M, N, K, accumulate, random);
            compare("nt", MatmulKernels::ntScalar, MatmulKernels::ntSimd, M, N, K, accumulate, random);
            compare("tn", MatmulKernels::tnScalar, MatmulKernels::tnSimd, M, N, K, accumulate, random);
        }
    }

    private static void compare(String name, Product scalar, Product simd, int M, int N, int K, boolean accumulate, Random random) {
        float[] a = random(random, OFF + M * K + 5);
        float[] b = random(random, OFF + N * K + 5);
        float[] expected = random(random, OFF + M * N + 5);
        float[] actual = expected.clone();
        scalar.run(expected, OFF, a, OFF, b, OFF, M, N, K, accumulate);
        simd.run(actual, OFF, a, OFF, b, OFF, M, N, K, accumulate);
        // Sums of K products of values in [-1, 1): rounding differs by about ulp·K in the worst case.
        float tolerance = 1e-5f * (K + 1) + 1e-6f;
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            if (i < OFF || i >= OFF + M * N) {
                assertEquals(expected[i], actual[i], 0f, name + ": wrote outside the output at " + i);
            } else {
                float tol = tolerance * Math.max(1f, Math.abs(expected[i]));
                assertEquals(expected[i], actual[i], tol, () -> name + " M=" + M + " N=" + N + " K=" + K
                        + " accumulate=" + accumulate + " element " + at);
            }
        }
    }

    /**
     * A·Bᵀ for fewer rows than a register tile (a decoding step's queries against a KV cache) takes
     * four rows of B at a time; each output must be the bits of the same dot product taken alone.
     */
    @Test
    void fewRowDotProductsInGroupsOfFourEqualEachDotProductAlone() {
        Random random = new Random(23);
        for (int K : SIZES) {
            for (int M : new int[] {1, 2, 3, 5, 7}) {
                int N = 13;
                float[] a = random(random, M * K);
                float[] b = random(random, N * K);
                float[] all = new float[M * N];
                MatmulKernels.ntSimd(all, 0, a, 0, b, 0, M, N, K, false);
                for (int m = 0; m < M; m++) {
                    for (int n = 0; n < N; n++) {
                        float[] one = new float[1];
                        MatmulKernels.ntSimd(one, 0, a, m * K, b, n * K, 1, 1, K, false);
                        assertEquals(Float.floatToRawIntBits(one[0]), Float.floatToRawIntBits(all[m * N + n]),
                                "M=" + M + " K=" + K + " element (" + m + ", " + n + ")");
                    }
                }
            }
        }
    }

    @Test
    void oneAndTwoThreadsGiveBitwiseTheSameResult() {
        Random random = new Random(5);
        // Packed split by rows and by columns, unpacked split by columns (M small) and by rows (N small).
        int[][] shapes = {{513, 300, 129}, {9, 2100, 300}, {300, 40, 257}, {1, 3000, 800}, {3, 1023, 700}, {1023, 3, 700}};
        try (Parallel one = Parallel.serial(); Parallel two = Parallel.of(2)) {
            for (int[] s : shapes) {
                int M = s[0];
                int N = s[1];
                int K = s[2];
                assertTrue((long) M * N * K >= MatmulKernels.PARALLEL_MIN, "too small to be split over threads");
                float[] a = random(random, M * K);
                float[] b = random(random, N * K);
                for (int layout = 0; layout < 3; layout++) {
                    float[] x = new float[M * N];
                    float[] y = new float[M * N];
                    run(layout, x, a, b, M, N, K, one);
                    run(layout, y, a, b, M, N, K, two);
                    assertArrayEquals(x, y, "layout " + layout + " shape " + M + "x" + N + "x" + K);
                    assertTrue(nonZero(x), "the product must not be empty");
                }
            }
        }
    }

    @Test
    void dispatcherMatchesScalarSpecification() {
        Random random = new Random(11);
        int M = 70;
        int N = 90;
        int K = 33;
        float[] a = random(random, M * K);
        float[] b = random(random, N * K);
        try (Parallel two = Parallel.of(2)) {
            float[] x = new float[M * N];
            float[] y = new float[M * N];
            MatmulKernels.nn(x, 0, a, 0, b, 0, M, N, K, false, two);
            MatmulKernels.nnScalar(y, 0, a, 0, b, 0, M, N, K, false);
            assertArrayEquals(y, x, 1e-4f);
        }
    }

    @Test
    void emptyInnerAxisGivesZeroOrLeavesTheAccumulator() {
        float[] out = {1, 2, 3, 4};
        MatmulKernels.nnSimd(out, 0, new float[0], 0, new float[0], 0, 2, 2, 0, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, out);
        MatmulKernels.ntSimd(out, 0, new float[0], 0, new float[0], 0, 2, 2, 0, false);
        assertArrayEquals(new float[4], out);
    }

    private static void run(int layout, float[] out, float[] a, float[] b, int M, int N, int K, Parallel pool) {
        switch (layout) {
            case 0 -> MatmulKernels.nn(out, 0, a, 0, b, 0, M, N, K, false, pool);
            case 1 -> MatmulKernels.nt(out, 0, a, 0, b, 0, M, N, K, false, pool);
            default -> MatmulKernels.tn(out, 0, a, 0, b, 0, M, N, K, false, pool);
        }
    }

    private static boolean nonZero(float[] x) {
        for (float v : x) {
            if (v != 0f) {
                return true;
            }
        }
        return false;
    }

    private static float[] random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
