package io.github.swapformer.arch.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API twin of the streaming kernel's row math against its scalar specification. */
class RowMathTest {
    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }

    /** 1e-5 relative to the sum of |terms|, which bounds the rounding of any summation order. */
    static void close(double expected, double actual, double magnitude, String what) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, magnitude), what);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void twinsAgreeWithTheScalarSpec(int n) {
        Random r = new Random(n);
        for (int count : new int[] {1, 3, 4, 5, 9}) {
            int off = 3; // offsets off the vector grid
            float[] a = random(r, off + n);
            float[] b = random(r, off + count * n);
            float[] c = random(r, off + count);
            float[] ds = new float[count + 1];
            float[] dv = new float[count + 1];
            RowMath.SCALAR.dots(ds, 1, a, off, b, off, count, n);
            RowMath.SIMD.dots(dv, 1, a, off, b, off, count, n);
            for (int i = 1; i <= count; i++) {
                close(ds[i], dv[i], n, "dots n " + n + " count " + count + " row " + i);
                close(ds[i], RowMath.SIMD.dot(a, off, b, off + (i - 1) * n, n), n, "dot");
            }
            float[] ys = random(new Random(1), off + n);
            float[] yv = ys.clone();
            RowMath.SCALAR.combine(ys, off, c, off, b, off, count, n);
            RowMath.SIMD.combine(yv, off, c, off, b, off, count, n);
            float[] zs = ys.clone();
            float[] zv = yv.clone();
            RowMath.SCALAR.axpy(zs, off, 0.3f, a, off, n);
            RowMath.SIMD.axpy(zv, off, 0.3f, a, off, n);
            RowMath.SCALAR.scale(zs, off, -1.7f, n);
            RowMath.SIMD.scale(zv, off, -1.7f, n);
            for (int i = 0; i < off + n; i++) {
                close(ys[i], yv[i], count + 1, "combine element " + i);
                close(zs[i], zv[i], count + 2, "axpy, scale element " + i);
            }
        }
    }
}
