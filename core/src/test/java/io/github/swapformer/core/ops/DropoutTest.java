package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.DropoutKernels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final int N = 1 << 20;
    private final Random random = new Random(23);

    @Test
    void dropsTheFractionPAndPreservesTheMean() {
        for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
            float[] ones = new float[N];
            Arrays.fill(ones, 1f);
            Tensor y = Dropout.apply(Tape.recording(Parallel.serial()), Tensor.of(ones, N), p, 42L);
            int zeros = 0;
            double sum = 0;
            for (float v : y.data()) {
                zeros += v == 0f ? 1 : 0;
                sum += v;
            }
            // Binomial(N, p) has standard deviation sqrt(N·p·(1−p)) <= 512 here; allow 6 of them
            // (6·512/N = 0.003). The seed is fixed, so this cannot flake; it fails for a biased mask.
            double sd = Math.sqrt(N * p * (1 - p));
            assertEquals(p * N, zeros, 6 * sd, "zeros for p=" + p);
            assertEquals(1.0, sum / N, 6 * sd / N / (1 - p), "mean for p=" + p);
        }
    }

    @Test
    void sameMaskForOneAndTwoThreadsAndForSimdAndScalar() {
        float[] x = new float[100_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        Tensor in = Tensor.of(x, x.length);
        float[] one;
        float[] two;
        try (Parallel serial = Parallel.serial(); Parallel pool = Parallel.of(2)) {
            one = Dropout.apply(Tape.recording(serial), in, 0.3f, 7L).data();
            two = Dropout.apply(Tape.recording(pool), in, 0.3f, 7L).data();
        }
        assertArrayEquals(one, two);
        for (int n : new int[] {1, 7, 8, 15, 16, 17, 100, 1023}) {
            float[] scalar = new float[n];
            float[] simd = new float[n];
            DropoutKernels.forwardScalar(scalar, x, 7L, 0.3f, 0, n);
            DropoutKernels.forwardSimd(simd, x, 7L, 0.3f, 0, n);
            assertArrayEquals(scalar, simd, "forward n=" + n);
            float[] dxScalar = Arrays.copyOf(x, n);
            float[] dxSimd = Arrays.copyOf(x, n);
            DropoutKernels.backwardScalar(dxScalar, x, 7L, 0.3f, 0, n);
            DropoutKernels.backwardSimd(dxSimd, x, 7L, 0.3f, 0, n);
            assertArrayEquals(dxScalar, dxSimd, "backward n=" + n);
        }
    }

    @Test
    void backwardUsesTheForwardMask() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        float p = 0.4f;
        Tape tape = Tape.recording(Parallel.serial());
        Tensor y = Dropout.apply(tape, x, p, 99L);
        float[] seed = new float[y.size()];
        Arrays.fill(seed, 1f);
        tape.backward(y, seed);
        float scale = 1f / (1f - p);
        int kept = 0;
        for (int i = 0; i < x.size(); i++) {
            boolean keep = DropoutKernels.kept(99L, p, i);
            kept += keep ? 1 : 0;
            assertEquals(keep ? x.data()[i] * scale : 0f, y.data()[i], "y[" + i + "]");
            assertEquals(keep ? scale : 0f, x.grad()[i], "dx[" + i + "]");
        }
        assertTrue(kept > 0 && kept < x.size(), "70 elements at p=0.4 keep some and drop some: kept " + kept);
    }

    @Test
    void differentSeedsGiveDifferentMasks() {
        Tensor x = GradCheck.randomLeaf(random, 1000);
        float[] a = Dropout.apply(Tape.recording(Parallel.serial()), x, 0.5f, 1L).data();
        float[] b = Dropout.apply(Tape.recording(Parallel.serial()), x, 0.5f, 2L).data();
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    }

    @Test
    void identityWhenPIsZeroOrOnAnInferenceTape() {
        Tensor x = GradCheck.randomLeaf(random, 3, 4);
        assertSame(x, Dropout.apply(Tape.recording(Parallel.serial()), x, 0f, 1L));
        assertSame(x, Dropout.apply(Tape.inference(Parallel.serial()), x, 0.5f, 1L));
    }

    @Test
    void probabilityOutsideUnitIntervalIsRejected() {
        Tape tape = Tape.recording(Parallel.serial());
        for (float p : new float[] {-0.1f, 1f, Float.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dropout.apply(tape, Tensor.zeros(4), p, 1L));
            assertTrue(e.getMessage().contains(String.valueOf(p)) && e.getMessage().contains("[0, 1)"), e.getMessage());
        }
    }
}
