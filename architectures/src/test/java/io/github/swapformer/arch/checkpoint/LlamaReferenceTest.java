package io.github.swapformer.arch.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.Positions;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.RotaryPairing;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * llama-tiny against llama2.c's {@code run.c} (greedy tokens from BOS and the logits of the first
 * three steps), whose outputs are in the test resources {@code reference-models/llama-tiny/expected.json}.
 */
class LlamaReferenceTest {
    private static final int BOS = 1;

    @Test
    void configMapsToRotateHalfRopeRmsNormSwiGlu() throws IOException {
        DecoderOnlyModel model = Checkpoints.load(ReferenceModels.dir(ReferenceModels.LLAMA), DecoderOnlyModel.class);
        var c = model.config();
        Rope.Spec rope = (Rope.Spec) c.positional();
        assertEquals(RotaryPairing.ROTATE_HALF, rope.pairing());
        assertEquals(10000.0, rope.base());
        assertEquals(HeadTying.TIED, c.head());
        assertEquals(4, c.nKvHeads());
        assertEquals(192, c.block().ffn().hidden());
        assertEquals(1e-5, c.block().normEps());
    }

    @Test
    void greedyTokensAndFirstLogitsMatchLlama2C() throws IOException {
        JsonNode gen = ReferenceModels.expected(ReferenceModels.LLAMA).get("generation");
        int[] expectedTokens = ReferenceModels.ints(gen.get("all_generated_tokens_to_seq_len"));
        DecoderOnlyModel model = Checkpoints.load(ReferenceModels.dir(ReferenceModels.LLAMA), DecoderOnlyModel.class);
        try (Parallel pool = Parallel.of(2)) {
            KvCache cache = model.newCache();
            int[] tokens = new int[expectedTokens.length];
            int next = BOS;
            double worstLogit = 0;
            for (int pos = 0; pos < tokens.length; pos++) {
                Tensor logits = model.logits(Tape.inference(pool), new int[] {next}, 1, 1, Positions.range(pos, 1), cache);
                if (pos < 3) {
                    double[] ref = ReferenceModels.doubles(gen.get("logits").get("step" + pos));
                    double err = maxAbsDiff(logits.data(), ref);
                    worstLogit = Math.max(worstLogit, err);
                    assertTrue(err <= 1e-4, "logits of step " + pos + " differ from llama2.c's by up to " + err);
                }
                next = argmax(logits.data());
                tokens[pos] = next;
            }
            System.out.printf("llama-tiny: %d greedy tokens, max |logit error| of steps 0-2 %.3g%n", tokens.length, worstLogit);
            assertArrayEquals(expectedTokens, tokens);
        }
    }

    /** The same tokens without the cache: one causal pass over BOS and the 63 reference tokens. */
    @Test
    void uncachedPassPredictsTheSameTokens() throws IOException {
        JsonNode gen = ReferenceModels.expected(ReferenceModels.LLAMA).get("generation");
        int[] expectedTokens = ReferenceModels.ints(gen.get("all_generated_tokens_to_seq_len"));
        int n = expectedTokens.length;
        int[] input = new int[n];
        input[0] = BOS;
        System.arraycopy(expectedTokens, 0, input, 1, n - 1);
        DecoderOnlyModel model = Checkpoints.load(ReferenceModels.dir(ReferenceModels.LLAMA), DecoderOnlyModel.class);
        try (Parallel pool = Parallel.of(2)) {
            Tensor logits = model.logits(Tape.inference(pool), input, 1, n);
            int v = model.config().vocabSize();
            int[] predicted = new int[n];
            for (int t = 0; t < n; t++) {
                predicted[t] = argmax(Arrays.copyOfRange(logits.data(), t * v, (t + 1) * v));
            }
            assertArrayEquals(expectedTokens, predicted);
            for (int step = 0; step < 3; step++) {
                double[] ref = ReferenceModels.doubles(gen.get("logits").get("step" + step));
                double err = maxAbsDiff(Arrays.copyOfRange(logits.data(), step * v, (step + 1) * v), ref);
                assertTrue(err <= 1e-4, "uncached logits of step " + step + " differ by up to " + err);
            }
        }
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double maxAbsDiff(float[] a, double[] b) {
        assertEquals(b.length, a.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
