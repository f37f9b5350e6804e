package io.github.swapformer.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated JSON header of a safetensors file. Every check on names, dtypes,
 * shapes and offsets happens here, before the reader allocates a single tensor.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    static final String METADATA_KEY = "__metadata__";
    /** Tensor's own limit on the number of elements. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One tensor's header entry; offsets are relative to the start of the data area. */
    record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
        long byteLength() {
            return end - begin;
        }
    }

    /**
     * Parses {@code json} and checks it against a data area of {@code dataLength} bytes. Entries
     * come back sorted by their offset in the data area.
     */
    static SafetensorsHeader parse(Path file, byte[] json, long dataLength) throws CheckpointFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        requireNoOverlap(file, entries);
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out)
            throws CheckpointFormatException {
        if (!node.isObject()) {
            throw new CheckpointFormatException(file, METADATA_KEY + " is not a JSON object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointFormatException(file, METADATA_KEY + " value of key \"" + e.getKey()
                        + "\" is " + e.getValue() + ", not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Entry readEntry(Path file, String name, JsonNode node, long dataLength)
            throws CheckpointFormatException {
        String where = "tensor \"" + name + "\"";
        if (!node.isObject()) {
            throw new CheckpointFormatException(file, where + " is not a JSON object");
        }
        Dtype dtype = readDtype(file, where, field(file, where, node, "dtype"));
        int[] shape = readShape(file, where, field(file, where, node, "shape"));
        JsonNode offsets = field(file, where, node, "data_offsets");
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new CheckpointFormatException(file, where + " has data_offsets " + offsets
                    + ", expected [begin, end]");
        }
        long begin = readCount(file, where + " data_offsets", offsets.get(0));
        long end = readCount(file, where + " data_offsets", offsets.get(1));
        if (begin > end) {
            throw new CheckpointFormatException(file, where + " has data_offsets [" + begin + ", " + end
                    + "] whose begin is after its end");
        }
        if (end > dataLength) {
            throw new CheckpointFormatException(file, where + " has data_offsets [" + begin + ", " + end
                    + "] outside the data area of " + dataLength + " bytes");
        }
        long elements = 1;
        for (int d : shape) {
            elements *= d; // cannot overflow: each d < 2^31 and the running product stays <= MAX_ELEMENTS
            if (elements > MAX_ELEMENTS) {
                throw new CheckpointFormatException(file, where + " has shape " + Arrays.toString(shape)
                        + " with more than " + MAX_ELEMENTS + " elements");
            }
        }
        if (elements * dtype.bytes != end - begin) {
            throw new CheckpointFormatException(file, where + " has shape " + Arrays.toString(shape) + " ("
                    + elements + " elements of " + dtype + " = " + elements * dtype.bytes
                    + " bytes) but its data_offsets span " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static JsonNode field(Path file, String where, JsonNode node, String key)
            throws CheckpointFormatException {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new CheckpointFormatException(file, where + " has no field \"" + key + "\"");
        }
        return value;
    }

    private static Dtype readDtype(Path file, String where, JsonNode node) throws CheckpointFormatException {
        String name = node.isTextual() ? node.textValue() : node.toString();
        for (Dtype d : Dtype.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        String kind = Dtype.FORMAT_NAMES.contains(name) ? "unsupported" : "unknown";
        throw new CheckpointFormatException(file, where + " has " + kind + " dtype " + name
                + " (supported: F32, F16, BF16)");
    }

    private static int[] readShape(Path file, String where, JsonNode node) throws CheckpointFormatException {
        if (!node.isArray()) {
            throw new CheckpointFormatException(file, where + " has shape " + node + ", expected an array");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (d.isIntegralNumber() && d.canConvertToLong() && d.longValue() < 0) {
                throw new CheckpointFormatException(file, where + " has a negative dimension "
                        + d.longValue() + " in shape " + node);
            }
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw new CheckpointFormatException(file, where + " has dimension " + d + " in shape " + node
                        + ", expected an integer in [0, 2^31)");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    private static long readCount(Path file, String where, JsonNode node) throws CheckpointFormatException {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new CheckpointFormatException(file, where + " has value " + node
                    + ", expected a non-negative integer");
        }
        return node.longValue();
    }

    private static void requireNoOverlap(Path file, List<Entry> sorted) throws CheckpointFormatException {
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.byteLength() == 0) {
                continue; // an empty tensor occupies no bytes and overlaps nothing
            }
            if (previous != null && e.begin() < previous.end()) {
                throw new CheckpointFormatException(file, "tensors \"" + previous.name() + "\" [" + previous.begin()
                        + ", " + previous.end() + "] and \"" + e.name() + "\" [" + e.begin() + ", " + e.end()
                        + "] overlap");
            }
            previous = e;
        }
    }
}
