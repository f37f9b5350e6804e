package io.github.swapformer.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdamWKernelsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void simdMatchesScalar(int n) {
        Random random = new Random(n);
        float[] p = new float[n];
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) random.nextGaussian();
        }
        float[] p2 = p.clone();
        float[] m2 = m.clone();
        float[] v2 = v.clone();
        float[] start = p.clone();
        for (int t = 1; t <= 3; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) random.nextGaussian();
            }
            float bc1 = (float) (1 - Math.pow(0.9, t));
            float bc2 = (float) (1 - Math.pow(0.999, t));
            AdamWKernels.stepScalar(p, g, m, v, n, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, bc1, bc2);
            AdamWKernels.stepSimd(p2, g, m2, v2, n, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, bc1, bc2);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(p[i], p2[i], 1e-6f * Math.max(1, Math.abs(p[i])), "param " + i);
            assertEquals(m[i], m2[i], 1e-5f * Math.max(1e-3f, Math.abs(m[i])), "m " + i);
            assertEquals(v[i], v2[i], 1e-5f * Math.max(1e-6f, Math.abs(v[i])), "v " + i);
        }
        // The update moved the parameters by about 3·lr, far above the tolerance: the comparison can fail.
        assertNotEquals(start[0], p[0], 1e-2f);
    }
}
