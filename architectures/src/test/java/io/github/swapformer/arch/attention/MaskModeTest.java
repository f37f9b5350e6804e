package io.github.swapformer.arch.attention;

import static io.github.swapformer.arch.attention.AttentionFixture.maxAbsDiff;
import static io.github.swapformer.arch.attention.AttentionFixture.randomInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskModeTest {
    static final int B = 2;
    static final int T = 6;

    static AttentionSpec spec(MaskMode mode, int block) {
        AttentionSpec s = AttentionSpec.defaults().withMaskMode(mode);
        return block == 0 ? s.withKernel(AttentionKernel.PLAIN) : s.withKernel(AttentionKernel.STREAMING).withBlockSize(block);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void multiplyingAfterTheSoftmaxLeaksTheFutureThroughTheNormalizer(int block) {
        AttentionFixture f = AttentionFixture.causal(PositionalKind.ROPE);
        Tensor x = randomInput(1, B, T, f.shape.dModel());
        Tensor mask = Masks.causal(B, T, T);
        Tensor before = f.infer(x, mask, spec(MaskMode.MULTIPLICATIVE, block));
        Tensor after = f.infer(AttentionTest.changedAt(x, T - 1), mask, spec(MaskMode.MULTIPLICATIVE, block));
        assertTrue(maxAbsDiff(AttentionTest.rows(before, 0, 1), AttentionTest.rows(after, 0, 1)) > 1e-4,
                "position 0 must feel the last token through its normalizer");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void renormalizingRestoresTheAdditiveResult(int block) {
        AttentionFixture f = AttentionFixture.causal(PositionalKind.ALIBI);
        Tensor x = randomInput(2, B, T, f.shape.dModel());
        Tensor mask = Masks.causal(B, T, T);
        Tensor additive = f.infer(x, mask, spec(MaskMode.ADDITIVE, block));
        Tensor renormalized = f.infer(x, mask, spec(MaskMode.MULTIPLICATIVE_RENORMALIZED, block));
        assertArrayEquals(additive.data(), renormalized.data(), 1e-5f);
        Tensor changed = f.infer(AttentionTest.changedAt(x, T - 1), mask, spec(MaskMode.MULTIPLICATIVE_RENORMALIZED, block));
        assertTrue(maxAbsDiff(AttentionTest.rows(renormalized, 0, T - 1), AttentionTest.rows(changed, 0, T - 1)) < 1e-5,
                "no leak beyond rounding");
    }

    @org.junit.jupiter.api.Test
    void multiplicativeRowsSumToLessThanOne() {
        AttentionFixture f = AttentionFixture.causal(PositionalKind.NOPE);
        Tensor x = randomInput(3, B, T, f.shape.dModel());
        AttentionRecorder rec = new AttentionRecorder(0);
        f.attention.use(spec(MaskMode.MULTIPLICATIVE, 0));
        try (Parallel pool = Parallel.serial()) {
            f.attention.forward(Tape.inference(pool), x, f.context(B, T, Masks.causal(B, T, T)).withRecorder(rec), null);
        }
        float[][] head0 = rec.maps().get(0).probs()[0];
        for (int t = 0; t < T; t++) {
            double sum = 0;
            for (int s = 0; s < T; s++) {
                sum += head0[t][s];
                if (s > t) {
                    assertEquals(0f, head0[t][s], "the mask still zeroes the future");
                }
            }
            if (t < T - 1) {
                assertTrue(sum < 1 - 1e-4, "row " + t + " sums to " + sum);
            } else {
                assertEquals(1, sum, 1e-5, "the last row sees every key");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = MaskMode.class, names = {"MULTIPLICATIVE", "MULTIPLICATIVE_RENORMALIZED"})
    void gradientsMatchCentralDifferencesAndTheKernelsAgree(MaskMode mode) {
        AttentionFixture f = new AttentionFixture(PositionalKind.T5_BIAS, 2, 1, 3, true, 5);
        Tensor x = GradCheck.randomLeaf(new Random(6), 2, 5, f.shape.dModel());
        Tensor mask = Masks.combine(Masks.causal(2, 5, 5), Masks.padding(new boolean[][] {
            {true, true, true, true, true}, {true, false, true, true, true}}, 5));
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        inputs.addAll(f.parameters());
        List<List<float[]>> results = new ArrayList<>();
        for (int block : new int[] {0, 2}) {
            f.attention.use(spec(mode, block));
            GradCheck.standard().check(inputs, tape -> f.attention.forward(tape, x, f.context(2, 5, mask), null));
            try (Parallel pool = Parallel.serial()) {
                results.add(StreamingAttentionTest.run(f, spec(mode, block), x, f.context(2, 5, mask), 1, pool));
            }
        }
        StreamingAttentionTest.assertAgree(results.get(0), results.get(1), mode.toString());
    }
}
