package io.github.swapformer.positional;

import static io.github.swapformer.positional.RotaryKernelsTest.assertClose;
import static io.github.swapformer.positional.RotaryKernelsTest.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AbsoluteKernelsTest {
    @Test
    void simdAddRowsMatchesScalar() {
        Random r = new Random(5);
        for (int C : new int[] {1, 7, 8, 15, 16, 17, 100, 1023}) {
            int BT = 5;
            float[] x = random(r, BT * C);
            float[] table = random(r, 4 * C);
            int[] rows = {3, 0, 2, 2, 1};
            float[] a = new float[x.length];
            float[] b = new float[x.length];
            AbsoluteKernels.addRowsScalar(a, x, table, rows, 0, BT, C);
            AbsoluteKernels.addRowsSimd(b, x, table, rows, 0, BT, C);
            assertClose(a, b, "C " + C);
        }
    }
}
