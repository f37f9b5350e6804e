package io.github.swapformer.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Cross-entropy against llm.c: the tiny GPT-2 reference's logits and targets must give the
 * per-position and mean losses that llm.c's {@code crossentropy_forward} computed (see README.md
 * beside the resources).
 */
class LossesReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void perPositionAndMeanLossMatchLlmC() throws IOException {
        JsonNode expected = JSON.readTree(resource("gpt2-tiny-expected.json"));
        ByteBuffer file = ByteBuffer.wrap(resource("gpt2-tiny-expected-forward.safetensors")).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) file.getLong(0);
        JsonNode header = JSON.readTree(new String(file.array(), 8, headerLength, StandardCharsets.UTF_8));
        float[] logits = floats(file, 8 + headerLength, header.get("logits"));
        float[] losses = floats(file, 8 + headerLength, header.get("losses"));
        int B = expected.get("batch").get("B").asInt();
        int T = expected.get("batch").get("T").asInt();
        int V = logits.length / (B * T);
        int[] targets = new int[B * T];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                targets[b * T + t] = expected.get("batch").get("targets").get(b).get(t).asInt();
            }
        }
        Tape tape = Tape.inference(Parallel.serial());
        Tensor logitTensor = Tensor.of(logits, B, T, V);
        Tensor per = Losses.crossEntropyPerPosition(tape, logitTensor, targets, Losses.IGNORE_INDEX, 0f);
        for (int i = 0; i < B * T; i++) {
            assertEquals(losses[i], per.data()[i], 2e-6, "position " + i);
        }
        double meanLoss = expected.get("forward").get("mean_loss").asDouble();
        assertEquals(meanLoss, Losses.crossEntropy(tape, logitTensor, targets).item(), 2e-6);
    }

    private static float[] floats(ByteBuffer file, int dataStart, JsonNode entry) {
        int from = entry.get("data_offsets").get(0).asInt();
        int to = entry.get("data_offsets").get(1).asInt();
        float[] out = new float[(to - from) / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = file.getFloat(dataStart + from + 4 * i);
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LossesReferenceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
