package io.github.swapformer.arch.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken checkpoint is refused with one message that names the file (and key or tensor) and the reason. */
class CheckpointErrorsTest {
    @TempDir
    Path tmp;

    private Path copyOf(String model) throws IOException {
        return copyOf(tmp, model);
    }

    /** A writable copy of a reference checkpoint under {@code root}. */
    static Path copyOf(Path root, String model) throws IOException {
        Path dir = Files.createDirectories(root.resolve(model));
        for (String f : new String[] {Checkpoints.CONFIG_FILE, Checkpoints.WEIGHTS_FILE}) {
            Files.copy(ReferenceModels.dir(model).resolve(f), dir.resolve(f));
        }
        return dir;
    }

    /** Loads {@code dir}, which must fail; returns the message after checking it names {@code file}. */
    private static String failure(Path dir, String file, String... fragments) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoints.load(dir));
        String message = e.getMessage();
        assertTrue(message.contains(file), "message does not name " + file + ": " + message);
        for (String f : fragments) {
            assertTrue(message.contains(f), "message lacks \"" + f + "\": " + message);
        }
        assertTrue(!message.contains("\n"), "one line: " + message);
        return message;
    }

    static void editConfig(Path dir, String from, String to) throws IOException {
        Path config = dir.resolve(Checkpoints.CONFIG_FILE);
        String json = Files.readString(config);
        assertTrue(json.contains(from), "config has no " + from);
        Files.writeString(config, json.replace(from, to));
    }

    static void editTensors(Path dir, java.util.function.Consumer<Map<String, Tensor>> edit) throws IOException {
        Path weights = dir.resolve(Checkpoints.WEIGHTS_FILE);
        Map<String, Tensor> tensors = new LinkedHashMap<>(Safetensors.readTensors(weights));
        edit.accept(tensors);
        Safetensors.write(weights, tensors, Map.of("format", "pt"));
    }

    @Test
    void modelOfAnotherArchitecture() {
        Path dir = ReferenceModels.dir(ReferenceModels.GPT2);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoints.load(dir, EncoderOnlyModel.class));
        assertTrue(e.getMessage().contains("config.json: holds a DECODER_ONLY model (DecoderOnlyModel), not a EncoderOnlyModel"),
                e.getMessage());
    }

    @Test
    void missingDirectory() {
        failure(tmp.resolve("absent"), "absent", "no such checkpoint directory");
    }

    @Test
    void fileInsteadOfDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        failure(file, "plain.txt", "is not a directory");
    }

    @Test
    void missingConfig() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        Files.delete(dir.resolve(Checkpoints.CONFIG_FILE));
        failure(dir, Checkpoints.CONFIG_FILE, "missing");
    }

    @Test
    void invalidJson() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        Files.writeString(dir.resolve(Checkpoints.CONFIG_FILE), "{\"model_type\": \"gpt2\", ");
        failure(dir, Checkpoints.CONFIG_FILE, "is not valid JSON");
    }

    @Test
    void unknownModelType() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editConfig(dir, "\"model_type\": \"gpt2\"", "\"model_type\": \"mamba\"");
        failure(dir, Checkpoints.CONFIG_FILE, "model_type \"mamba\" is not supported", "gpt2, llama");
    }

    @Test
    void missingModelType() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editConfig(dir, "\"model_type\": \"gpt2\",", "");
        failure(dir, Checkpoints.CONFIG_FILE, "missing \"model_type\"");
    }

    @Test
    void keyOfTheWrongType() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editConfig(dir, "\"n_embd\": 64", "\"n_embd\": \"sixty-four\"");
        failure(dir, Checkpoints.CONFIG_FILE, "n_embd", "expected an integer");
    }

    @Test
    void inconsistentSizes() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editConfig(dir, "\"n_head\": 4", "\"n_head\": 5");
        failure(dir, Checkpoints.CONFIG_FILE, "d_model 64 is not divisible by n_heads 5");
    }

    @Test
    void unsupportedActivation() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editConfig(dir, "\"gelu_new\"", "\"quick_gelu\"");
        failure(dir, Checkpoints.CONFIG_FILE, "activation_function quick_gelu is not supported");
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        editConfig(dir, "\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8}");
        failure(dir, Checkpoints.CONFIG_FILE, "rope_scaling", "llama3");
    }

    @Test
    void missingWeights() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        Files.delete(dir.resolve(Checkpoints.WEIGHTS_FILE));
        failure(dir, Checkpoints.WEIGHTS_FILE, "missing");
    }

    @Test
    void shardedWeights() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        Files.move(dir.resolve(Checkpoints.WEIGHTS_FILE), dir.resolve("model-00001-of-00001.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{}");
        failure(dir, Checkpoints.WEIGHTS_FILE, "sharded");
    }

    @Test
    void missingTensor() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editTensors(dir, t -> t.remove("h.1.mlp.c_fc.bias"));
        failure(dir, Checkpoints.WEIGHTS_FILE, "missing tensor h.1.mlp.c_fc.bias");
    }

    @Test
    void missingLlamaProjection() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        editTensors(dir, t -> t.remove("model.layers.0.self_attn.k_proj.weight"));
        failure(dir, Checkpoints.WEIGHTS_FILE, "missing tensor model.layers.0.self_attn.k_proj.weight");
    }

    @Test
    void shapeMismatch() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editTensors(dir, t -> t.put("wpe.weight", Tensor.of(Arrays.copyOf(t.get("wpe.weight").data(), 32 * 64), 32, 64)));
        failure(dir, Checkpoints.WEIGHTS_FILE, "tensor wpe.weight has shape [32, 64]", "[64, 64]");
    }

    @Test
    void gqaMismatchBetweenConfigAndTensors() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        editConfig(dir, "\"num_key_value_heads\": 4", "\"num_key_value_heads\": 2");
        failure(dir, Checkpoints.WEIGHTS_FILE, "tensor model.layers.0.self_attn.k_proj.weight has shape [64, 64]", "[32, 64]");
    }

    @Test
    void unexpectedTensor() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        editTensors(dir, t -> t.put("h.2.ln_1.weight", t.get("h.1.ln_1.weight")));
        failure(dir, Checkpoints.WEIGHTS_FILE, "unexpected", "h.2.ln_1.weight");
    }

    @Test
    void tiedHeadThatDiffersFromTheEmbedding() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        editTensors(dir, t -> t.put("lm_head.weight", Tensor.zeros(256, 64)));
        failure(dir, Checkpoints.WEIGHTS_FILE, "lm_head.weight differs", "tie_word_embeddings");
    }

    @Test
    void untiedHeadWithoutItsTensor() throws IOException {
        Path dir = copyOf(ReferenceModels.LLAMA);
        editConfig(dir, "\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false");
        failure(dir, Checkpoints.WEIGHTS_FILE, "missing tensor lm_head.weight");
    }

    @Test
    void truncatedWeights() throws IOException {
        Path dir = copyOf(ReferenceModels.GPT2);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(Checkpoints.WEIGHTS_FILE).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        failure(dir, Checkpoints.WEIGHTS_FILE);
    }

    @Test
    void bertRelativePositions() throws IOException {
        Path dir = copyOf("bert-tiny");
        editConfig(dir, "\"position_embedding_type\": \"absolute\"", "\"position_embedding_type\": \"relative_key\"");
        failure(dir, Checkpoints.CONFIG_FILE, "position_embedding_type relative_key is not supported");
    }

    @Test
    void bertClassifierOfAnotherWidth() throws IOException {
        Path dir = copyOf("bert-tiny");
        editTensors(dir, t -> {
            t.put("classifier.weight", Tensor.zeros(3, 32));
            t.put("classifier.bias", Tensor.zeros(3));
        });
        failure(dir, Checkpoints.WEIGHTS_FILE, "tensor classifier.weight has shape [3, 32]", "[2, 32]");
    }

    @Test
    void bertNextSentenceHeadWithoutPooler() throws IOException {
        Path dir = copyOf("bert-tiny");
        editTensors(dir, t -> {
            t.remove("bert.pooler.dense.weight");
            t.remove("bert.pooler.dense.bias");
        });
        failure(dir, Checkpoints.CONFIG_FILE, "need pooler = true");
    }

    @Test
    void t5HeadSizeOtherThanWidthOverHeads() throws IOException {
        Path dir = copyOf("t5-tiny");
        editConfig(dir, "\"d_kv\": 8", "\"d_kv\": 16");
        failure(dir, Checkpoints.CONFIG_FILE, "d_kv 16 is not supported", "d_model / num_heads = 8");
    }

    @Test
    void t5MissingRelativeBias() throws IOException {
        Path dir = copyOf("t5-gated-tiny");
        editTensors(dir, t -> t.remove("decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
        failure(dir, Checkpoints.WEIGHTS_FILE, "missing tensor decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight");
    }

    @Test
    void t5EmbeddingCopyThatDiffers() throws IOException {
        Path dir = copyOf("t5-tiny");
        editTensors(dir, t -> t.put("decoder.embed_tokens.weight", Tensor.zeros(64, 32)));
        failure(dir, Checkpoints.WEIGHTS_FILE, "decoder.embed_tokens.weight differs from shared.weight");
    }

    @Test
    void t5UnknownFeedForward() throws IOException {
        Path dir = copyOf("t5-tiny");
        editConfig(dir, "\"feed_forward_proj\": \"relu\"", "\"feed_forward_proj\": \"gated-tanh\"");
        failure(dir, Checkpoints.CONFIG_FILE, "feed_forward_proj gated-tanh is not supported");
    }

    @Test
    void ourLayoutWithAnUnknownPositionalKind() throws IOException {
        Path dir = tmp.resolve("ours");
        Checkpoints.save(CheckpointsTest.randomModel(CheckpointsTest.ourCombination(
                io.github.swapformer.positional.PositionalKind.ALIBI.defaultSpec())), dir);
        editConfig(dir, "\"ALIBI\"", "\"WAVELET\"");
        failure(dir, Checkpoints.CONFIG_FILE, "not a valid configuration", "WAVELET");
    }
}
