package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tensor names of a safetensors file, from its header alone (no tensor is read), so that a
 * configuration can be read without loading gigabytes. {@link Safetensors#read} validates the
 * whole file when the weights are loaded.
 */
final class TensorNames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorNames() {
    }

    static Set<String> of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(length, 0) != 8) {
                throw new CheckpointFormatException(file, "file is shorter than the 8-byte header length");
            }
            long n = length.flip().getLong();
            if (n < 0 || n > Safetensors.MAX_HEADER_BYTES || n > channel.size() - 8) {
                throw new CheckpointFormatException(file, "header length " + n + " does not fit the file of " + channel.size() + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            while (header.hasRemaining()) {
                if (channel.read(header, 8 + header.position()) < 0) {
                    throw new CheckpointFormatException(file, "file ends inside its " + n + "-byte header");
                }
            }
            JsonNode root;
            try {
                root = JSON.readTree(header.array());
            } catch (JacksonException e) {
                throw new CheckpointFormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new CheckpointFormatException(file, "header is not a JSON object");
            }
            Set<String> names = new LinkedHashSet<>();
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("__metadata__")) {
                    names.add(name);
                }
            }
            return names;
        }
    }
}
