package io.github.swapformer.experiments.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer as JSON, saved beside a model so that evaluation encodes text as training did:
 * {@code {"kind":"byte"}}, {@code {"kind":"char","code_points":[...]}} or
 * {@code {"kind":"bpe","merges":[[97,97],[97,98],...]}} (merges in rank order).
 */
public final class TokenizerFile {
    /** The file name inside a model directory. */
    public static final String NAME = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFile() {
    }

    public static String toJson(Tokenizer tokenizer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", tokenizer.kind().id());
        root.put("vocab_size", tokenizer.vocabSize());
        if (tokenizer instanceof CharTokenizer c) {
            ArrayNode cps = root.putArray("code_points");
            c.codePoints().forEach(cps::add);
        } else if (tokenizer instanceof BpeTokenizer b) {
            ArrayNode ms = root.putArray("merges");
            for (int[] m : b.merges()) {
                ms.addArray().add(m[0]).add(m[1]);
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Tokenizer tokenizer, Path file) {
        try {
            Files.writeString(file, toJson(tokenizer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a tokenizer file; a missing, malformed or inconsistent file is an IllegalArgumentException naming it. */
    public static Tokenizer read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("tokenizer file " + file + " does not exist");
        }
        try {
            return parse(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static Tokenizer parse(JsonNode root, String source) {
        try {
            TokenizerKind kind = TokenizerKind.fromId(root.path("kind").asText(""));
            Tokenizer t = switch (kind) {
                case BYTE -> new ByteTokenizer();
                case CHAR -> new CharTokenizer(ints(root.path("code_points"), "code_points"));
                case BPE -> new BpeTokenizer(merges(root.path("merges")));
            };
            if (root.has("vocab_size") && root.get("vocab_size").asInt() != t.vocabSize()) {
                throw new IllegalArgumentException("vocab_size " + root.get("vocab_size").asInt()
                        + " does not match the " + t.vocabSize() + " ids its entries define");
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tokenizer file " + source + ": " + e.getMessage(), e);
        }
    }

    private static int[] ints(JsonNode n, String key) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of integers");
        }
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).canConvertToInt() || n.get(i).asInt() < 0) {
                throw new IllegalArgumentException(key + "[" + i + "] '" + n.get(i) + "' must be an integer >= 0");
            }
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static List<int[]> merges(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("merges must be a list of [left, right] id pairs");
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(ints(n.get(i), "merges[" + i + "]"));
        }
        return out;
    }
}
