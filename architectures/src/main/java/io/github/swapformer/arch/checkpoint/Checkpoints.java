package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Loads and saves checkpoint directories in Hugging Face's layout: {@code config.json} beside
 * {@code model.safetensors}. GPT-2 and LLaMA checkpoints load into a {@link DecoderOnlyModel};
 * models save in their Hugging Face family's layout when they fit one ({@link CheckpointFamily}),
 * otherwise in ours. Every problem (a bad directory, invalid JSON, an unknown {@code model_type},
 * a missing or misshapen tensor, a truncated file) is a {@link CheckpointFormatException} naming
 * the file and the reason, raised before the model is handed out: nothing is ever half-loaded.
 */
public final class Checkpoints {
    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {
    }

    /** The family whose layout the directory's {@code config.json} declares. */
    public static CheckpointFamily family(Path dir) throws IOException {
        return familyOf(readJson(dir));
    }

    /** The configuration of a checkpoint directory, without reading its weights. */
    public static TransformerConfig readConfig(Path dir) throws IOException {
        ConfigJson json = readJson(dir);
        return configOf(familyOf(json), json);
    }

    /** A model with the configuration and weights of a checkpoint directory. */
    public static DecoderOnlyModel load(Path dir) throws IOException {
        ConfigJson json = readJson(dir);
        CheckpointFamily family = familyOf(json);
        TransformerConfig config = configOf(family, json);
        Path weights = weightsFile(dir);
        Map<String, Tensor> tensors = Safetensors.readTensors(weights);
        DecoderOnlyModel model = new DecoderOnlyModel(config, 0);
        Map<String, Tensor> state = family.format().toState(new TensorSource(weights, tensors), config, model.stateDict());
        try {
            model.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(weights, e.getMessage(), e);
        }
        return model;
    }

    /** Saves in the layout of the Hugging Face family the model fits, else ours; returns that family. */
    public static CheckpointFamily save(DecoderOnlyModel model, Path dir) throws IOException {
        CheckpointFamily family = CheckpointFamily.preferredFor(model.config());
        save(model, dir, family);
        return family;
    }

    /** Saves in the layout of {@code family}, which the model's configuration must fit. */
    public static void save(DecoderOnlyModel model, Path dir, CheckpointFamily family) throws IOException {
        TransformerConfig config = model.config();
        if (!family.fits(config)) {
            throw new IllegalArgumentException("family " + family + " cannot express this configuration: " + config);
        }
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS_FILE), family.format().fromState(model.stateDict(), config), Map.of("format", "pt"));
        writeAtomically(dir.resolve(CONFIG_FILE), JSON.writeValueAsBytes(family.format().writeConfig(config)));
    }

    /**
     * Tensors under our state-dict names (parameters, or gradients of the same shapes) renamed and
     * laid out as {@code family} stores them, e.g. to compare gradients with a reference.
     */
    public static Map<String, Tensor> toFamilyLayout(Map<String, Tensor> state, TransformerConfig config, CheckpointFamily family) {
        return family.format().fromState(state, config);
    }

    private static ConfigJson readJson(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointFormatException(dir, Files.exists(dir) ? "is not a directory" : "no such checkpoint directory");
        }
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(file, "missing: a checkpoint directory needs " + CONFIG_FILE + " and " + WEIGHTS_FILE);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new CheckpointFormatException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file, "is not a JSON object");
        }
        return new ConfigJson(file, (ObjectNode) root);
    }

    private static CheckpointFamily familyOf(ConfigJson json) throws CheckpointFormatException {
        String type = json.stringOr("model_type", null);
        if (type == null) {
            throw new CheckpointFormatException(json.file(), "missing \"model_type\"");
        }
        CheckpointFamily family = CheckpointFamily.ofModelType(type);
        if (family == null) {
            throw json.unsupported("model_type", "\"" + type + "\"", "this loader reads gpt2, llama and swapformer");
        }
        return family;
    }

    private static TransformerConfig configOf(CheckpointFamily family, ConfigJson json) throws CheckpointFormatException {
        try {
            return family.format().readConfig(json);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(json.file(), e.getMessage(), e);
        }
    }

    private static Path weightsFile(Path dir) throws CheckpointFormatException {
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (Files.isRegularFile(weights)) {
            return weights;
        }
        if (Files.exists(dir.resolve(WEIGHTS_FILE + ".index.json"))) {
            throw new CheckpointFormatException(weights, "missing: sharded checkpoints (" + WEIGHTS_FILE
                    + ".index.json) are not supported, merge the shards into one file");
        }
        throw new CheckpointFormatException(weights, "missing: a checkpoint directory needs " + CONFIG_FILE + " and " + WEIGHTS_FILE);
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
