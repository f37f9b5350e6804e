package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Generator on the llama-tiny reference checkpoint: greedy decoding from BOS reproduces the 64
 * tokens of llama2.c's {@code run.c} (temperature 0), listed in the checkpoint's expected.json
 * (see reference-models/README.md).
 */
class LlamaReferenceGenerationTest {
    private static final int BOS = 1;

    @Test
    void greedyTokensFromBosMatchLlama2C() throws IOException, URISyntaxException {
        URL url = getClass().getResource("/reference-models/llama-tiny");
        assertNotNull(url, "the llama-tiny reference checkpoint is missing from the test resources");
        Path dir = Path.of(url.toURI());
        JsonNode expected = new ObjectMapper().readTree(Files.readString(dir.resolve("expected.json")))
                .get("generation").get("all_generated_tokens_to_seq_len");
        int[] tokens = new int[expected.size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = expected.get(i).asInt();
        }
        DecoderOnlyModel model = Checkpoints.load(dir, DecoderOnlyModel.class);
        try (Parallel pool = Parallel.of(2)) {
            int[] generated = new Generator(LanguageModel.of(model), pool).generate(new int[] {BOS}, GenerationSpec.greedy(tokens.length));
            assertArrayEquals(tokens, generated);
            int[][] batch = new Generator(LanguageModel.of(model), pool).generate(new int[][] {{BOS}, {BOS}, {BOS}},
                    GenerationSpec.greedy(tokens.length));
            for (int[] row : batch) {
                assertArrayEquals(tokens, row, "a batch of three copies");
            }
        }
    }
}
