package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.PositionalSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our own layout, for every combination that no Hugging Face family expresses: {@code config.json}
 * holds the {@link TransformerConfig} record as JSON under {@code "config"} (the positional spec
 * tagged with its {@code kind}), and the safetensors file holds the state dict under our names.
 */
final class SwapformerFormat implements CheckpointFormat {
    /** Bumped when the JSON form of the configuration changes incompatibly. */
    static final int VERSION = 1;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper JSON = mapper();

    private static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule("positional-spec");
        module.addSerializer(PositionalSpec.class, new JsonSerializer<>() {
            @Override
            public void serialize(PositionalSpec spec, JsonGenerator gen, SerializerProvider provider) throws IOException {
                ObjectNode node = JsonNodeFactory.instance.objectNode().put("kind", spec.kind().name());
                node.setAll((ObjectNode) PLAIN.valueToTree(spec));
                gen.writeTree(node);
            }
        });
        module.addDeserializer(PositionalSpec.class, new JsonDeserializer<>() {
            @Override
            public PositionalSpec deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                ObjectNode node = parser.readValueAsTree();
                JsonNode kind = node.remove("kind");
                if (kind == null) {
                    throw ctx.weirdStringException("", PositionalSpec.class, "positional has no \"kind\"");
                }
                PositionalKind k;
                try {
                    k = PositionalKind.valueOf(kind.asText());
                } catch (IllegalArgumentException e) {
                    throw ctx.weirdStringException(kind.asText(), PositionalKind.class, "unknown positional kind");
                }
                return PLAIN.treeToValue(node, k.defaultSpec().getClass());
            }
        });
        // Records may expose derived getters (isDynamic()...): written for readers, ignored when read back.
        return new ObjectMapper().registerModule(module).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public boolean fits(TransformerConfig config) {
        return true;
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json) throws CheckpointFormatException {
        int version = json.intOr("swapformer_version", -1);
        if (version != VERSION) {
            throw json.unsupported("swapformer_version", version, "only " + VERSION);
        }
        JsonNode config = json.root().get("config");
        if (config == null || !config.isObject()) {
            throw new CheckpointFormatException(json.file(), "missing object \"config\"");
        }
        try {
            return JSON.treeToValue(config, TransformerConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new CheckpointFormatException(json.file(), "\"config\" is not a valid configuration: " + root.getMessage(), e);
        }
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig config) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model_type", CheckpointFamily.SWAPFORMER.modelType());
        o.put("swapformer_version", VERSION);
        o.set("config", JSON.valueToTree(config));
        return o;
    }

    @Override
    public Map<String, Tensor> toState(TensorSource src, TransformerConfig c, Map<String, Tensor> expected)
            throws CheckpointFormatException {
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            s.put(e.getKey(), src.take(e.getKey(), e.getValue().shape()));
        }
        src.requireAllTaken();
        return s;
    }

    @Override
    public Map<String, Tensor> fromState(Map<String, Tensor> state, TransformerConfig config) {
        return new LinkedHashMap<>(state);
    }
}
