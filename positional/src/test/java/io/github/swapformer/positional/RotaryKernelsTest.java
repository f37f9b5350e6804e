package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API twins against their scalar specifications, at head sizes that exercise the tails. */
class RotaryKernelsTest {
    private static final int[] HEAD_SIZES = {2, 7, 8, 15, 16, 17, 100, 1023};

    @Test
    void simdTwinsMatchScalarForBothPairingsFullAndPartial() {
        Random r = new Random(1);
        for (int HS : HEAD_SIZES) {
            for (int rotDim : new int[] {HS & ~1, (HS / 2) & ~1}) {
                if (rotDim < 2) {
                    continue;
                }
                int B = 2;
                int H = 3;
                int T = 4;
                float[] in = random(r, B * H * T * HS);
                int[] pos = {0, 3, 1, 9, 2, 2, 7, 5};
                RotaryTable table = RotaryTable.ofPositions(RotaryPairing.ADJACENT, rotDim, 10,
                        RopeScaling.none().inverseFrequencies(10000, rotDim, 0, 10), 1.3, null, 0);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] start = random(r, in.length);
                    float[] a = start.clone();
                    float[] b = start.clone();
                    RotaryKernels.adjacentScalar(a, in, table.cos(), table.sin(), pos, 0, B * H * T, H, T, HS, rotDim, accumulate);
                    RotaryKernels.adjacentSimd(b, in, table.cos(), table.sin(), pos, 0, B * H * T, H, T, HS, rotDim, accumulate);
                    assertClose(a, b, "adjacent HS " + HS + " rot " + rotDim);
                    RotaryTable half = RotaryTable.ofPositions(RotaryPairing.ROTATE_HALF, rotDim, 10,
                            RopeScaling.none().inverseFrequencies(10000, rotDim, 0, 10), 1.3, null, 0);
                    a = start.clone();
                    b = start.clone();
                    RotaryKernels.halfScalar(a, in, half.cos(), half.sin(), pos, 0, B * H * T, H, T, HS, rotDim, accumulate);
                    RotaryKernels.halfSimd(b, in, half.cos(), half.sin(), pos, 0, B * H * T, H, T, HS, rotDim, accumulate);
                    assertClose(a, b, "rotate-half HS " + HS + " rot " + rotDim);
                }
            }
        }
    }

    @Test
    void backwardTableUndoesTheRotation() {
        Random r = new Random(2);
        int HS = 16;
        float[] in = random(r, 2 * HS);
        int[] pos = {3, 8};
        for (RotaryPairing pairing : RotaryPairing.values()) {
            RotaryTable table = RotaryTable.ofPositions(pairing, HS, 10, RopeScaling.none().inverseFrequencies(10000, HS, 0, 10), 1, null, 0);
            float[] y = new float[in.length];
            float[] back = new float[in.length];
            RotaryKernels.rotate(pairing, y, in, table.cos(), table.sin(), pos, 1, 1, 2, HS, HS, false,
                    io.github.swapformer.core.parallel.Parallel.serial());
            RotaryKernels.rotate(pairing, back, y, table.cos(), table.negSin(), pos, 1, 1, 2, HS, HS, false,
                    io.github.swapformer.core.parallel.Parallel.serial());
            assertClose(in, back, pairing + " round trip");
        }
    }

    static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), what + " at " + i);
        }
    }
}
