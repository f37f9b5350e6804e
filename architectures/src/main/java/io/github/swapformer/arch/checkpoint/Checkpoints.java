package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.Models;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

/**
 * Loads and saves checkpoint directories in Hugging Face's layout: {@code config.json} beside
 * {@code model.safetensors}. GPT-2 and LLaMA checkpoints load into a {@link DecoderOnlyModel}, BERT
 * into an {@link EncoderOnlyModel}, T5 into an {@link EncoderDecoderModel}; models save in their
 * Hugging Face family's layout when they fit one ({@link CheckpointFamily}),
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

    /** The configuration of a checkpoint directory, reading only the header of its weights. */
    public static TransformerConfig readConfig(Path dir) throws IOException {
        ConfigJson json = readJson(dir);
        return configOf(familyOf(json), json, TensorNames.of(weightsFile(dir)));
    }

    /**
     * The model of a checkpoint directory, with its weights: a {@link DecoderOnlyModel},
     * {@link EncoderOnlyModel} or {@link EncoderDecoderModel} as the configuration's architecture says.
     */
    public static Module load(Path dir) throws IOException {
        ConfigJson json = readJson(dir);
        CheckpointFamily family = familyOf(json);
        Path weights = weightsFile(dir);
        TransformerConfig config = configOf(family, json, TensorNames.of(weights));
        Map<String, Tensor> tensors = Safetensors.readTensors(weights);
        Module model = Models.create(config, 0);
        Map<String, Tensor> state = family.format().toState(new TensorSource(weights, tensors), config, model.stateDict());
        try {
            model.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(weights, e.getMessage(), e);
        }
        return model;
    }

    /** {@link #load(Path)}, for a checkpoint that must hold a model of class {@code type}. */
    public static <M extends Module> M load(Path dir, Class<M> type) throws IOException {
        TransformerConfig config = readConfig(dir);
        Class<? extends Module> actual = switch (config.architecture()) {
            case DECODER_ONLY -> DecoderOnlyModel.class;
            case ENCODER_ONLY -> EncoderOnlyModel.class;
            case ENCODER_DECODER -> EncoderDecoderModel.class;
        };
        if (!type.isAssignableFrom(actual)) {
            throw new CheckpointFormatException(dir.resolve(CONFIG_FILE), "holds a " + config.architecture()
                    + " model (" + actual.getSimpleName() + "), not a " + type.getSimpleName());
        }
        return type.cast(load(dir));
    }

    /** Saves in the layout of the Hugging Face family the model fits, else ours; returns that family. */
    public static CheckpointFamily save(Module model, Path dir) throws IOException {
        CheckpointFamily family = CheckpointFamily.preferredFor(configOf(model));
        save(model, dir, family);
        return family;
    }

    /** Saves in the layout of {@code family}, which the model's configuration must fit. */
    public static void save(Module model, Path dir, CheckpointFamily family) throws IOException {
        TransformerConfig config = configOf(model);
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

    /** The configuration of one of the three models. */
    public static TransformerConfig configOf(Module model) {
        if (model instanceof DecoderOnlyModel m) {
            return m.config();
        } else if (model instanceof EncoderOnlyModel m) {
            return m.config();
        } else if (model instanceof EncoderDecoderModel m) {
            return m.config();
        }
        throw new IllegalArgumentException("model " + (model == null ? "null" : model.getClass().getName())
                + " is not a DecoderOnlyModel, EncoderOnlyModel or EncoderDecoderModel");
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
            throw json.unsupported("model_type", "\"" + type + "\"", "this loader reads gpt2, llama, bert, t5 and swapformer");
        }
        return family;
    }

    private static TransformerConfig configOf(CheckpointFamily family, ConfigJson json, Set<String> tensorNames)
            throws CheckpointFormatException {
        try {
            return family.format().readConfig(json, tensorNames);
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
