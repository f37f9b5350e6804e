package io.github.swapformer.arch.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.optim.DecayRule;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gpt2-tiny against llm.c's {@code train_gpt2.c} (logits, losses, gradients, 5 AdamW steps), whose
 * outputs are in the test resources {@code reference-models/gpt2-tiny} (expected*.json/safetensors).
 * Tolerances are the brief's: logits 1e-4, mean loss 1e-5, gradient norms 1e-4 relative, AdamW
 * losses 1e-5.
 */
class Gpt2ReferenceTest {
    private static final int B = 2;
    private static final int T = 16;
    private static JsonNode expected;
    private static int[] inputs;
    private static int[] targets;
    private static Parallel pool;

    @BeforeAll
    static void setUp() {
        expected = ReferenceModels.expected(ReferenceModels.GPT2);
        inputs = ReferenceModels.ints(expected.at("/batch/inputs"));
        targets = ReferenceModels.ints(expected.at("/batch/targets"));
        pool = Parallel.of(2);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    private static DecoderOnlyModel load() throws IOException {
        return Checkpoints.load(ReferenceModels.dir(ReferenceModels.GPT2), DecoderOnlyModel.class);
    }

    @Test
    void logitsAndLossesMatchLlmC() throws IOException {
        DecoderOnlyModel model = load();
        Tape tape = Tape.inference(pool);
        Tensor logits = model.logits(tape, inputs, B, T);
        Map<String, Tensor> ref = ReferenceModels.tensors(ReferenceModels.GPT2, "expected-forward.safetensors");
        assertArrayEquals(ref.get("logits").shape(), logits.shape());
        double maxLogit = maxAbsDiff(logits.data(), ref.get("logits").data());
        System.out.printf("gpt2-tiny logits: max |error| %.3g%n", maxLogit);
        assertTrue(maxLogit <= 1e-4, "logits differ from llm.c's by up to " + maxLogit);

        Tensor perPosition = Losses.crossEntropyPerPosition(tape, logits, targets, Losses.IGNORE_INDEX, 0f);
        double maxLoss = maxAbsDiff(perPosition.data(), ref.get("losses").data());
        assertTrue(maxLoss <= 1e-4, "per-position losses differ by up to " + maxLoss);
        float mean = Losses.crossEntropy(tape, logits, targets).data()[0];
        double meanError = Math.abs(mean - expected.at("/forward/mean_loss").asDouble());
        System.out.printf("gpt2-tiny mean loss: %.7f, |error| %.3g; per-position max |error| %.3g%n", mean, meanError, maxLoss);
        assertEquals(expected.at("/forward/mean_loss").asDouble(), mean, 1e-5);
    }

    @Test
    void gradientsMatchLlmC() throws IOException {
        DecoderOnlyModel model = load();
        Tape tape = Tape.recording(pool);
        tape.backward(Losses.crossEntropy(tape, model.logits(tape, inputs, B, T), targets));
        Map<String, Tensor> grads = Checkpoints.toFamilyLayout(gradients(model), model.config(), CheckpointFamily.GPT2);
        Map<String, Tensor> ref = ReferenceModels.tensors(ReferenceModels.GPT2, "expected-grads.safetensors");
        JsonNode norms = expected.at("/backward/grad_l2_norm_all_tensors");
        assertEquals(ref.keySet(), grads.keySet());
        assertEquals(norms.size(), grads.size());
        double worstNorm = 0;
        double worstElement = 0;
        for (Map.Entry<String, Tensor> e : grads.entrySet()) {
            String name = e.getKey();
            float[] mine = e.getValue().data();
            double expectedNorm = norms.get(name).asDouble();
            double relative = Math.abs(l2(mine) - expectedNorm) / expectedNorm;
            worstNorm = Math.max(worstNorm, relative);
            assertTrue(relative <= 1e-4, name + ": gradient norm " + l2(mine) + ", llm.c " + expectedNorm);
            // Element-wise, relative to the tensor's largest reference entry.
            float[] theirs = ref.get(name).data();
            double element = maxAbsDiff(mine, theirs) / maxAbs(theirs);
            worstElement = Math.max(worstElement, element);
            assertTrue(element <= 1e-4, name + ": gradient entries differ by " + element + " of the largest");
        }
        System.out.printf("gpt2-tiny gradients: worst norm relative error %.3g, worst entry error %.3g of the tensor's max%n",
                worstNorm, worstElement);
    }

    @Test
    void fiveAdamWStepsMatchLlmC() throws IOException {
        DecoderOnlyModel model = load();
        AdamWConfig config = new AdamWConfig(0.9, 0.999, 1e-8, 0.0, DecayRule.ALL);
        AdamW adamW = new AdamW(model.parameters(), config, pool);
        double[] losses = ReferenceModels.doubles(expected.at("/adamw/loss_before_update"));
        double worstLoss = 0;
        for (int step = 0; step < losses.length; step++) {
            Tape tape = Tape.recording(pool);
            Tensor loss = Losses.crossEntropy(tape, model.logits(tape, inputs, B, T), targets);
            worstLoss = Math.max(worstLoss, Math.abs(loss.data()[0] - losses[step]));
            assertEquals(losses[step], loss.data()[0], 1e-5, "loss before update " + step);
            adamW.zeroGrad();
            tape.backward(loss);
            adamW.step(1e-4);
        }
        float after = Losses.crossEntropy(Tape.inference(pool), model.logits(Tape.inference(pool), inputs, B, T), targets).data()[0];
        worstLoss = Math.max(worstLoss, Math.abs(after - expected.at("/adamw/loss_after_5_updates").asDouble()));
        assertEquals(expected.at("/adamw/loss_after_5_updates").asDouble(), after, 1e-5, "loss after 5 updates");

        Map<String, Tensor> params = Checkpoints.toFamilyLayout(model.stateDict(), model.config(), CheckpointFamily.GPT2);
        Map<String, Tensor> ref = ReferenceModels.tensors(ReferenceModels.GPT2, "expected-params-after-5-adamw.safetensors");
        assertEquals(ref.keySet(), params.keySet());
        double worstParam = 0;
        double worstKeyBias = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            float[] mine = e.getValue().data();
            float[] theirs = ref.get(e.getKey()).data();
            boolean cAttnBias = e.getKey().endsWith("attn.c_attn.bias");
            for (int i = 0; i < mine.length; i++) {
                double diff = Math.abs(mine[i] - theirs[i]);
                // README caveat: the key bias has an exactly-zero gradient whose float noise AdamW
                // amplifies to moves of up to lr per step: tolerance 2·steps·lr there.
                if (cAttnBias && i >= 64 && i < 128) {
                    worstKeyBias = Math.max(worstKeyBias, diff);
                    assertTrue(diff <= 2 * 5 * 1e-4, e.getKey() + "[" + i + "] differs by " + diff);
                } else {
                    worstParam = Math.max(worstParam, diff);
                    assertTrue(diff <= 1e-5, e.getKey() + "[" + i + "] differs by " + diff);
                }
            }
        }
        System.out.printf("gpt2-tiny AdamW: worst loss error %.3g, worst parameter error %.3g (key bias %.3g)%n",
                worstLoss, worstParam, worstKeyBias);
    }

    private static Map<String, Tensor> gradients(DecoderOnlyModel model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            out.put(p.name(), Tensor.of(p.tensor().grad(), p.tensor().shape()));
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(b.length, a.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double l2(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
