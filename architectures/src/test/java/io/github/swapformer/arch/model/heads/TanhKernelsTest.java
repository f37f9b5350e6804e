package io.github.swapformer.arch.model.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TanhKernelsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void simdForwardMatchesScalar(int n) {
        float[] x = random(n, 1, 4f);
        float[] scalar = new float[n];
        float[] simd = new float[n];
        TanhKernels.forwardScalar(scalar, x, 0, n);
        TanhKernels.forwardSimd(simd, x, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(scalar[i], simd[i], 1e-6f + 1e-5f * Math.abs(scalar[i]), "element " + i + " of " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void simdBackwardMatchesScalar(int n) {
        float[] y = random(n, 2, 1f);
        float[] dy = random(n, 3, 1f);
        float[] scalar = random(n, 4, 1f);
        float[] simd = scalar.clone();
        TanhKernels.backwardScalar(scalar, dy, y, 0, n);
        TanhKernels.backwardSimd(simd, dy, y, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(scalar[i], simd[i], 1e-6f + 1e-5f * Math.abs(scalar[i]), "element " + i + " of " + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 17})
    void simdRangeStartsAtFrom(int from) {
        float[] x = random(40, 5, 3f);
        float[] out = new float[40];
        TanhKernels.forwardSimd(out, x, from, 40);
        for (int i = 0; i < from; i++) {
            assertEquals(0f, out[i]);
        }
        assertEquals(Math.tanh(x[from]), out[from], 1e-6);
    }

    private static float[] random(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return a;
    }
}
