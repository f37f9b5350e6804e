package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.core.io.CheckpointFormatException;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face {@code config.json}, read with the library's defaults for absent
 * (or {@code null}) keys, as {@code PretrainedConfig} does. A present value of the wrong type is a
 * {@link CheckpointFormatException} that names the file, the key and the value.
 */
final class ConfigJson {
    private final Path file;
    private final ObjectNode root;

    ConfigJson(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    Path file() {
        return file;
    }

    ObjectNode root() {
        return root;
    }

    boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    int intOr(String key, int fallback) throws CheckpointFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        boolean integral = n.isIntegralNumber() || (n.isFloatingPointNumber() && n.asDouble() == Math.rint(n.asDouble()));
        if (!integral || !n.canConvertToInt()) {
            throw bad(key, n, "an integer");
        }
        return n.asInt();
    }

    int requiredInt(String key) throws CheckpointFormatException {
        if (!has(key)) {
            throw new CheckpointFormatException(file, "missing required key \"" + key + "\"");
        }
        return intOr(key, 0);
    }

    double doubleOr(String key, double fallback) throws CheckpointFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw bad(key, n, "a number");
        }
        return n.asDouble();
    }

    boolean booleanOr(String key, boolean fallback) throws CheckpointFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw bad(key, n, "true or false");
        }
        return n.asBoolean();
    }

    String stringOr(String key, String fallback) throws CheckpointFormatException {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw bad(key, n, "a string");
        }
        return n.asText();
    }

    /** A failure about one key: {@code file: key value is not supported (reason)}. */
    CheckpointFormatException unsupported(String key, Object value, String allowed) {
        return new CheckpointFormatException(file, key + " " + value + " is not supported: " + allowed);
    }

    private CheckpointFormatException bad(String key, JsonNode value, String expected) {
        return new CheckpointFormatException(file, "key \"" + key + "\" is " + value + ", expected " + expected);
    }
}
