package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference checkpoints of the test resources ({@code reference-models/}, copied from the
 * project's shared reference models: see the README there) and their expected outputs.
 */
final class ReferenceModels {
    static final String GPT2 = "gpt2-tiny";
    static final String LLAMA = "llama-tiny";

    private ReferenceModels() {
    }

    static Path dir(String model) {
        URL url = ReferenceModels.class.getResource("/reference-models/" + model);
        if (url == null) {
            throw new IllegalStateException("test resource reference-models/" + model + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected(String model) {
        try {
            return new ObjectMapper().readTree(dir(model).resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Tensor> tensors(String model, String file) {
        try {
            return Safetensors.readTensors(dir(model).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A [rows][cols] JSON array of integers, row-major. */
    static int[] ints(JsonNode rows) {
        int n = 0;
        for (JsonNode r : rows) {
            n += r.isArray() ? r.size() : 1;
        }
        int[] out = new int[n];
        int i = 0;
        for (JsonNode r : rows) {
            if (r.isArray()) {
                for (JsonNode v : r) {
                    out[i++] = v.asInt();
                }
            } else {
                out[i++] = r.asInt();
            }
        }
        return out;
    }

    static double[] doubles(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).asDouble();
        }
        return out;
    }
}
