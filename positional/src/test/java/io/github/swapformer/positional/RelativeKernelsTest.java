package io.github.swapformer.positional;

import static io.github.swapformer.positional.RotaryKernelsTest.assertClose;
import static io.github.swapformer.positional.RotaryKernelsTest.random;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gather kernel's Vector API twin against the scalar one, for key lengths that exercise the tail. */
class RelativeKernelsTest {
    @Test
    void simdGatherMatchesScalarForContiguousAndPackedKeys() {
        Random r = new Random(4);
        int B = 2;
        int NH = 3;
        int T = 3;
        for (int S : new int[] {1, 7, 8, 15, 16, 17, 100, 1023}) {
            int[][] packed = new int[B][S];
            for (int j = 0; j < S; j++) {
                packed[0][j] = j;
                packed[1][j] = j % 5; // a packed row: not contiguous
            }
            for (Positions keys : new Positions[] {Positions.range(2, S), Positions.of(packed)}) {
                Positions queries = Positions.of(new int[][] {{0, 4, 9}, {1, 1, 3}});
                int R = 9;
                for (int stride : new int[] {1, NH}) {
                    RelativeLayout L = RelativeLayout.of(queries, keys, B, T, S, d -> Math.floorMod(d, R), R, stride);
                    float[] in = random(r, B * NH * T * S);
                    boolean perRow = stride == 1;
                    float[] table = random(r, perRow ? B * NH * T * R : R * NH);
                    float[] a = new float[in.length];
                    float[] b = new float[in.length];
                    int rowStride = perRow ? R : 0;
                    int headStride = perRow ? 0 : 1;
                    RelativeKernels.gatherScalar(a, in, table, rowStride, headStride, 0.7f, L, NH, 0, B * NH * T);
                    RelativeKernels.gatherSimd(b, in, table, rowStride, headStride, 0.7f, L, NH, 0, B * NH * T);
                    assertClose(a, b, "S " + S + " keys " + keys + " stride " + stride);
                }
            }
        }
    }
}
