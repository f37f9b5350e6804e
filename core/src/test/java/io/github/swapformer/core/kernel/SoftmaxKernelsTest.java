package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.TwinAssertions.assertClose;
import static io.github.swapformer.core.kernel.TwinAssertions.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SoftmaxKernelsTest {
    private static final int N = 4;
    private static final int[] SIZES = TwinAssertions.SIZES;

    @ParameterizedTest
    @FieldSource("SIZES")
    void softmaxSimdMatchesScalar(int C) {
        Random random = new Random(C);
        float[] x = random(random, N * C, 8f);
        // Mask: two rows of a (2, C) mask, causal-like −∞ tails; row 1 of the input is masked entirely.
        float[] mask = new float[2 * C];
        for (int i = 0; i < C; i++) {
            mask[i] = i > C / 2 ? Float.NEGATIVE_INFINITY : -0.5f;
            mask[C + i] = Float.NEGATIVE_INFINITY;
        }
        int[] maskRow = {0, 1, 0, 0};
        for (float[] m : new float[][] {null, mask}) {
            float[] scalar = new float[N * C];
            float[] simd = new float[N * C];
            SoftmaxKernels.softmaxForwardScalar(scalar, x, m, maskRow, 0, N, C);
            SoftmaxKernels.softmaxForwardSimd(simd, x, m, maskRow, 0, N, C);
            assertClose(scalar, simd, 1e-7, 1e-5, "softmax " + (m == null ? "" : "masked ") + "C=" + C);
            if (m != null) { // a −∞ mask entry gets exactly 0, not a tiny exp(−88)
                for (int r = 0; r < N; r++) {
                    for (int i = 0; i < C; i++) {
                        if (m[maskRow[r] * C + i] == Float.NEGATIVE_INFINITY) {
                            assertEquals(0f, simd[r * C + i], "masked softmax row " + r + " column " + i + " C=" + C);
                        }
                    }
                }
            }

            float[] dy = random(random, N * C, 1f);
            float[] dxScalar = random(new Random(3), N * C, 1f);
            float[] dxSimd = dxScalar.clone();
            SoftmaxKernels.softmaxBackwardScalar(dxScalar, dy, scalar, 0, N, C);
            SoftmaxKernels.softmaxBackwardSimd(dxSimd, dy, scalar, 0, N, C);
            assertClose(dxScalar, dxSimd, 1e-6, 1e-5, "softmax backward C=" + C);
        }
    }

    /** Rows with a NaN or +∞ give the specification's NaNs; −∞ entries are masked; a row of −∞ is zeros. */
    @ParameterizedTest
    @FieldSource("SIZES")
    void softmaxSimdKeepsTheSpecificationOnNonFiniteRows(int C) {
        Random random = new Random(7L * C);
        int rows = 5;
        float[] x = random(random, rows * C, 4f);
        x[random.nextInt(C)] = Float.NaN;
        x[C + random.nextInt(C)] = Float.POSITIVE_INFINITY;
        for (int i = 0; i < C; i += 2) {
            x[2 * C + i] = Float.NEGATIVE_INFINITY;
        }
        java.util.Arrays.fill(x, 3 * C, 4 * C, Float.NEGATIVE_INFINITY);
        x[4 * C + C - 1] = Float.NEGATIVE_INFINITY;
        // the same rows unmasked and masked (a causal-like −∞ tail on every row)
        float[] mask = new float[C];
        for (int i = C / 2 + 1; i < C; i++) {
            mask[i] = Float.NEGATIVE_INFINITY;
        }
        int[] maskRow = new int[rows];
        for (float[] m : new float[][] {null, mask}) {
            float[] scalar = new float[rows * C];
            float[] simd = new float[rows * C];
            SoftmaxKernels.softmaxForwardScalar(scalar, x, m, maskRow, 0, rows, C);
            SoftmaxKernels.softmaxForwardSimd(simd, x, m, maskRow, 0, rows, C);
            for (int i = 0; i < rows * C; i++) { // NaN where the specification has NaN, 0 where it has 0
                float tolerance = Float.isNaN(scalar[i]) ? 0f : 1e-7f + 1e-5f * Math.abs(scalar[i]);
                String at = (m == null ? "" : "masked ") + "row " + i / C + " column " + i % C + " C=" + C;
                assertEquals(scalar[i], simd[i], tolerance, at);
                assertEquals(scalar[i] == 0f, simd[i] == 0f, "zero at " + at);
            }
        }
    }
}
