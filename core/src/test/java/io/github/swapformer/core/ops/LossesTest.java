package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static final int IGNORE = Losses.IGNORE_INDEX;
    private final Random random = new Random(3);
    private final Tape inference = Tape.inference(Parallel.serial());

    @Test
    void crossEntropyOfOneTwoThree() {
        // By hand: −log softmax([1, 2, 3])[2] = log(e + e² + e³) − 3 = 0.40760596.
        Tensor logits = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor loss = Losses.crossEntropy(inference, logits, new int[] {2});
        assertEquals(0, loss.rank());
        assertEquals(0.40760596f, loss.item(), 1e-6f);
    }

    @Test
    void labelSmoothingMatchesHandComputation() {
        // By hand with ε = 0.1, V = 3: q = (1 − ε)·onehot + ε/3 and loss = −Σ q_j log p_j, where
        // log p = [−2.40760596, −1.40760596, −0.40760596]:
        //   target 2: 0.1/3·(2.40760596 + 1.40760596 + 0.40760596) + 0.9·0.40760596 = 0.50760596
        //   target 0: 0.1/3·4.22281788 + 0.9·2.40760596 = 2.30760596
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 1, 2, 3}, 2, 3);
        int[] targets = {2, 0};
        Tensor per = Losses.crossEntropyPerPosition(inference, logits, targets, IGNORE, 0.1f);
        assertArrayEquals(new float[] {0.50760596f, 2.30760596f}, per.data(), 1e-6f);
        Tensor mean = Losses.crossEntropy(inference, logits, targets, IGNORE, 0.1f);
        assertEquals((0.50760596f + 2.30760596f) / 2, mean.item(), 1e-6f);
        // The same from the definition, through logSoftmax: an independent path to the same number.
        Tensor logP = Softmax.logSoftmax(inference, logits);
        double expected = 0;
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                double q = (j == targets[r] ? 0.9 : 0) + 0.1 / 3;
                expected -= q * logP.data()[r * 3 + j] / 2;
            }
        }
        assertEquals(expected, mean.item(), 1e-6);
    }

    @Test
    void ignoredPositionsAddNothingAndAreNotCounted() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 5, -4, 0.5f, 1, 2, 3}, 3, 3).withGrad();
        int[] targets = {2, IGNORE, 2};
        Tape tape = Tape.recording(Parallel.serial());
        Tensor loss = Losses.crossEntropy(tape, logits, targets, IGNORE, 0f);
        assertEquals(0.40760596f, loss.item(), 1e-6f); // the mean of two equal losses, not divided by 3
        tape.backward(loss);
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(logits.grad(), 3, 6));
        // d loss / d logits of a kept row = (softmax − onehot) / 2.
        float[] expected = {0.09003057f / 2, 0.24472847f / 2, (0.66524096f - 1) / 2};
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(logits.grad(), 0, 3), 1e-6f);

        Tensor per = Losses.crossEntropyPerPosition(inference, logits, targets, IGNORE, 0.2f);
        assertEquals(0f, per.data()[1]);
    }

    @Test
    void allIgnoredGivesZeroLossAndZeroGradient() {
        Tensor logits = GradCheck.randomLeaf(random, 2, 4);
        Tape tape = Tape.recording(Parallel.serial());
        Tensor loss = Losses.crossEntropy(tape, logits, new int[] {-1, -1}, -1, 0.1f);
        assertEquals(0f, loss.item());
        tape.backward(loss);
        assertArrayEquals(new float[8], logits.grad());
    }

    @Test
    void gradientsOfMeanAndPerPositionLosses() {
        Tensor logits = GradCheck.randomLeaf(random, 2, 5, 7);
        int[] targets = new int[10];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = i == 3 || i == 8 ? IGNORE : random.nextInt(7);
        }
        for (float smoothing : new float[] {0f, 0.1f}) {
            GradCheck.standard().check(List.of(logits),
                    tape -> Losses.crossEntropy(tape, logits, targets, IGNORE, smoothing));
            GradCheck.standard().check(List.of(logits),
                    tape -> Losses.crossEntropyPerPosition(tape, logits, targets, IGNORE, smoothing));
        }
    }

    @Test
    void chainOfOpsHasTheRightGradient() {
        Chain chain = new Chain(random, 3, 5, 9);
        GradCheck.standard().check(List.of(chain.x, chain.w, chain.table), chain::loss);
    }

    @Test
    void chainOfOpsIsBitwiseReproducibleAcrossThreadCounts() {
        // Large enough that every kernel really splits: 512 rows of 200 (3 chunks of rows, of columns).
        Chain chain = new Chain(random, 2, 256, 200);
        float[][] serial = run(chain::loss, Parallel.serial(), chain.x, chain.w, chain.table);
        try (Parallel pool = Parallel.of(3)) {
            float[][] threaded = run(chain::loss, pool, chain.x, chain.w, chain.table);
            for (int k = 0; k < serial.length; k++) {
                assertArrayEquals(serial[k], threaded[k], "result " + k);
            }
        }
    }

    /** layerNorm → softmax with an embedding as learned additive bias → cross-entropy with smoothing. */
    private static final class Chain {
        final Tensor x;
        final Tensor w;
        final Tensor table;
        final int[] ids;
        final int[] targets;
        final int B;
        final int T;

        Chain(Random random, int B, int T, int C) {
            this.B = B;
            this.T = T;
            x = GradCheck.randomLeaf(random, B, T, C);
            w = GradCheck.randomLeaf(random, C);
            table = GradCheck.randomLeaf(random, 11, C);
            ids = new int[B * T];
            targets = new int[B * T];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(11);
                targets[i] = i % 7 == 0 ? IGNORE : random.nextInt(C);
            }
        }

        Tensor loss(Tape tape) {
            Tensor h = Norms.layerNorm(tape, x, w, null, 1e-5f);
            Tensor e = Embeddings.lookup(tape, table, ids, B, T);
            Tensor p = Softmax.softmax(tape, h, e);
            return Losses.crossEntropy(tape, p, targets, IGNORE, 0.1f);
        }
    }

    private static float[][] run(java.util.function.Function<Tape, Tensor> f, Parallel pool, Tensor... leaves) {
        for (Tensor t : leaves) {
            t.zeroGrad();
        }
        Tape tape = Tape.recording(pool);
        Tensor loss = f.apply(tape);
        tape.backward(loss);
        float[][] out = new float[leaves.length + 1][];
        out[0] = loss.data().clone();
        for (int i = 0; i < leaves.length; i++) {
            out[i + 1] = leaves[i].grad().clone();
        }
        return out;
    }

    @Test
    void largeLogitsStayFinite() {
        Tensor logits = Tensor.of(new float[] {1000, 1001, 1002, -1000, 0, 1000}, 2, 3);
        Tensor per = Losses.crossEntropyPerPosition(inference, logits, new int[] {2, 0}, IGNORE, 0f);
        assertEquals(0.40760596f, per.data()[0], 1e-6f); // computed relative to the max: no ulp(1002) error
        assertEquals(2000f, per.data()[1], 1e-2f);
    }

    @Test
    void badTargetsAreRejectedWithPositionAndValue() {
        Tensor logits = Tensor.zeros(2, 3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(inference, logits, new int[] {0, 1, 2, 5, 4, 0}));
        assertTrue(e.getMessage().contains("targets[3] = 5") && e.getMessage().contains("[0, 5)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(inference, logits, new int[] {0, -1, 0, 0, 0, 0}));
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(inference, logits, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("2 targets"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(inference, logits, new int[6], IGNORE, 1.5f));
    }
}
