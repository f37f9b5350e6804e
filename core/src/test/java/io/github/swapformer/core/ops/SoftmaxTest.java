package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private final Random random = new Random(5);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void softmaxOfOneTwoThree() {
        // By hand: e^k / (e + e² + e³) = 0.09003057, 0.24472847, 0.66524096.
        Tensor y = Softmax.softmax(inference, Tensor.of(new float[] {1, 2, 3}, 3));
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, y.data(), 1e-7f);
        // log of the same: k − log(e + e² + e³) = k − 3.40760596.
        Tensor logY = Softmax.logSoftmax(inference, Tensor.of(new float[] {1, 2, 3}, 3));
        assertArrayEquals(new float[] {-2.40760596f, -1.40760596f, -0.40760596f}, logY.data(), 1e-6f);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        Tensor y = Softmax.softmax(inference, Tensor.of(new float[] {1000, 1001, 1002}, 3));
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, y.data(), 1e-6f);
    }

    @Test
    void maskIsAddedAndMinusInfinityExcludes() {
        // softmax([1, 2, 3] + [0, −∞, ln 2]) = [e, 0, 2e³] / (e + 2e³).
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor mask = Tensor.of(new float[] {0, NEG_INF, (float) Math.log(2)}, 3);
        Tensor y = Softmax.softmax(inference, x, mask);
        double z = Math.E + 2 * Math.exp(3);
        assertArrayEquals(new float[] {(float) (Math.E / z), 0f, (float) (2 * Math.exp(3) / z)}, y.data(), 1e-6f);
    }

    @Test
    void fullyMaskedRowGivesZerosAndNoGradient() {
        Tensor x = GradCheck.randomLeaf(random, 1, 2, 3);
        Tensor mask = Tensor.of(new float[] {NEG_INF, NEG_INF, NEG_INF, 0, 0, NEG_INF}, 2, 3);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor y = Softmax.softmax(tape, x, mask);
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOf(y.data(), 3));
        float a = y.data()[3];
        float b = y.data()[4];
        assertTrue(a > 0 && b > 0 && Math.abs(a + b - 1) < 1e-6 && y.data()[5] == 0, "row 2 is a 2-way softmax");
        tape.backward(y, new float[] {1, -2, 3, 0.5f, -1, 7});
        for (int i = 0; i < 6; i++) {
            assertTrue(Float.isFinite(x.grad()[i]), "finite gradient at " + i);
        }
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOf(x.grad(), 3));
        assertTrue(x.grad()[5] == 0f, "masked entry gets no gradient");
    }

    @Test
    void maskBroadcastsOverLeadingAxes() {
        int B = 2;
        int NH = 3;
        int T = 4;
        int S = 5;
        Tensor scores = GradCheck.randomLeaf(random, B, NH, T, S);
        for (int[] maskShape : new int[][] {{T, S}, {B, 1, T, S}, {NH, T, S}, {1, NH, 1, S}, {B, NH, T, S}}) {
            Tensor mask = GradCheck.randomLeaf(random, maskShape);
            mask.data()[0] = NEG_INF;
            Tensor explicit = Tensor.zeros(B, NH, T, S);
            for (int b = 0; b < B; b++) {
                for (int h = 0; h < NH; h++) {
                    for (int t = 0; t < T; t++) {
                        for (int s = 0; s < S; s++) {
                            int[] full = {b, h, t, s};
                            int[] m = new int[maskShape.length];
                            for (int a = 0; a < m.length; a++) {
                                int fa = a + 4 - maskShape.length;
                                m[a] = maskShape[a] == 1 ? 0 : full[fa];
                            }
                            explicit.set(scores.get(full) + mask.get(m), full);
                        }
                    }
                }
            }
            Tensor expected = Softmax.softmax(inference, explicit);
            Tensor actual = Softmax.softmax(inference, scores, mask);
            assertArrayEquals(expected.data(), actual.data(), 0f, "mask " + mask.shapeString());
        }
    }

    @Test
    void softmaxGradients() {
        Tensor x = GradCheck.randomLeaf(random, 2, 5, 7);
        GradCheck.standard().check(List.of(x), tape -> Softmax.softmax(tape, x));
        Tensor causal = Tensor.zeros(5, 7); // a constant causal mask, fully masked first row
        for (int t = 0; t < 5; t++) {
            for (int s = 0; s < 7; s++) {
                causal.set(s > t + 1 || t == 0 ? NEG_INF : 0f, t, s);
            }
        }
        GradCheck.standard().check(List.of(x), tape -> Softmax.softmax(tape, x, causal));
    }

    @Test
    void learnedMaskReceivesBroadcastSummedGradient() {
        Tensor x = GradCheck.randomLeaf(random, 2, 3, 5, 7);
        Tensor bias = GradCheck.randomLeaf(random, 3, 5, 7);
        GradCheck.standard().check(List.of(x, bias), tape -> Softmax.softmax(tape, x, bias));
        Tensor rowBias = GradCheck.randomLeaf(random, 2, 1, 1, 7);
        GradCheck.standard().check(List.of(rowBias), tape -> Softmax.softmax(tape, x, rowBias));
    }

    @Test
    void logSoftmaxGradients() {
        Tensor x = GradCheck.randomLeaf(random, 3, 5, 9);
        GradCheck.standard().check(List.of(x), tape -> Softmax.logSoftmax(tape, x));
    }

    @Test
    void maskThatDoesNotBroadcastIsRejectedByName() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.softmax(inference, x, Tensor.zeros(2, 4, 5)));
        assertTrue(e.getMessage().contains("[2, 4, 5]") && e.getMessage().contains("allowed: 1 or 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(inference, x, Tensor.zeros(4, 6)));
        assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(inference, x, Tensor.zeros(1, 2, 3, 4, 5)));
    }
}
