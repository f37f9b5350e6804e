package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.PositionalSpec;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Our own layout, for every combination that no Hugging Face family expresses: {@code config.json}
 * holds the {@link TransformerConfig} record as JSON under {@code "config"} (the positional spec
 * tagged with its {@code kind}), and the safetensors file holds the state dict under our names.
 */
final class SwapformerFormat implements CheckpointFormat {
    /** Bumped when the JSON form of the configuration changes incompatibly. */
    static final int VERSION = 1;
    private static final ObjectMapper JSON = reader();

    /** Reads records through their canonical constructors; a positional spec by its {@code kind}. */
    private static ObjectMapper reader() {
        ObjectMapper plain = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SimpleModule module = new SimpleModule("positional-spec");
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
                    throw ctx.weirdStringException(kind.asText(), PositionalKind.class,
                            "unknown positional kind, expected one of " + Arrays.toString(PositionalKind.values()));
                }
                return plain.treeToValue(node, k.defaultSpec().getClass());
            }
        });
        return new ObjectMapper().registerModule(module).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * A record as a JSON object of its components only (not derived getters such as
     * {@code RopeScaling.isDynamic()}), a positional spec with its {@code kind} first.
     */
    static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Record r) {
            ObjectNode node = f.objectNode();
            if (r instanceof PositionalSpec spec) {
                node.put("kind", spec.kind().name());
            }
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    node.set(c.getName(), toJson(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
                }
            }
            return node;
        }
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof Enum<?> e) {
            return f.textNode(e.name());
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Double d) {
            return f.numberNode(d);
        } else if (value instanceof String str) {
            return f.textNode(str);
        }
        throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + " " + value);
    }

    @Override
    public boolean fits(TransformerConfig config) {
        return true;
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json, Set<String> tensorNames) throws CheckpointFormatException {
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
            String why = root instanceof JacksonException j ? j.getOriginalMessage() : root.getMessage();
            throw new CheckpointFormatException(json.file(), "\"config\" is not a valid configuration: "
                    + why.replace('\n', ' '), e);
        }
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig config) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("model_type", CheckpointFamily.SWAPFORMER.modelType());
        o.put("swapformer_version", VERSION);
        o.set("config", toJson(config));
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
