package io.github.swapformer.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format of Hugging Face (github.com/huggingface/safetensors):
 * an 8-byte little-endian header length N, N bytes of JSON header
 * ({@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}}), then
 * the data area, little-endian, row-major, offsets relative to its start.
 *
 * <p>Reading validates the whole header first ({@link SafetensorsHeader}) and throws
 * {@link CheckpointFormatException} before allocating any tensor. F32, F16 and BF16 are read and
 * converted to float32. The data is memory-mapped in windows of at most 1 GiB, so files and
 * tensors over 2 GiB are read without a mapping larger than a {@link ByteBuffer} can address.
 * Holes between tensors in the data area are tolerated, overlaps are not. Writing produces F32,
 * with the header padded by spaces to a multiple of 8 bytes (so the data area is aligned), into a
 * temporary file in the same directory that is then moved over the target atomically.
 */
public final class Safetensors {
    /** Larger headers are refused, as the reference implementation does (its MAX_HEADER_SIZE). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;
    private static final int WRITE_CHUNK_FLOATS = 1 << 18;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /** Reads every tensor of {@code file} (converted to float32, without gradient) and its metadata. */
    public static SafetensorsFile read(Path file) throws IOException {
        return read(file, DEFAULT_WINDOW_BYTES);
    }

    /** {@link #read(Path)} with mapping windows of {@code windowBytes} (a multiple of 4); tests use small ones. */
    static SafetensorsFile read(Path file, long windowBytes) throws IOException {
        if (windowBytes <= 0 || windowBytes % 4 != 0 || windowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("windowBytes " + windowBytes + " must be a positive multiple of 4 below 2^31");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new CheckpointFormatException(file, "file is " + fileSize
                        + " bytes, shorter than the 8-byte header length");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (100 MiB)");
            }
            if (headerLength > fileSize - 8) {
                throw new CheckpointFormatException(file, "header length " + headerLength
                        + " exceeds the file: only " + (fileSize - 8) + " bytes follow the 8-byte length");
            }
            byte[] json = new byte[(int) headerLength];
            readFully(channel, 8, (int) headerLength).get(json);
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(file, json, fileSize - dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                tensors.put(e.name(), readTensor(channel, dataStart, e, windowBytes));
            }
            return new SafetensorsFile(tensors, header.metadata());
        }
    }

    /** Reads only the tensors of {@code file}, in file order. */
    public static Map<String, Tensor> readTensors(Path file) throws IOException {
        return read(file).tensors();
    }

    private static Tensor readTensor(FileChannel channel, long dataStart, SafetensorsHeader.Entry e,
                                     long windowBytes) throws IOException {
        float[] out = new float[(int) (e.byteLength() / e.dtype().bytes)];
        int filled = 0;
        for (long pos = e.begin(); pos < e.end(); pos += windowBytes) {
            long length = Math.min(windowBytes, e.end() - pos);
            ByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + pos, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            filled += decode(window, e.dtype(), out, filled);
        }
        return Tensor.of(out, e.shape());
    }

    /** Decodes all of {@code window} into {@code out} from {@code offset}; returns the number of floats. */
    private static int decode(ByteBuffer window, Dtype dtype, float[] out, int offset) {
        switch (dtype) {
            case F32 -> {
                FloatBuffer floats = window.asFloatBuffer();
                int n = floats.remaining();
                floats.get(out, offset, n);
                return n;
            }
            case F16, BF16 -> {
                ShortBuffer halves = window.asShortBuffer();
                int n = halves.remaining();
                for (int i = 0; i < n; i++) {
                    int bits = halves.get(i) & 0xffff;
                    out[offset + i] = dtype == Dtype.F16 ? HalfPrecision.f16ToFloat(bits) : HalfPrecision.bf16ToFloat(bits);
                }
                return n;
            }
            default -> throw new IllegalStateException("no decoder for " + dtype);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    /**
     * Writes {@code tensors} as F32, in map order, with {@code metadata} as {@code __metadata__},
     * atomically: readers see the old file or the complete new one, never a partial file.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = headerBytes(tensors, metadata);
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(channel, length);
                writeFully(channel, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(4 * WRITE_CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] data = t.data();
                    for (int from = 0; from < data.length; from += WRITE_CHUNK_FLOATS) {
                        int n = Math.min(WRITE_CHUNK_FLOATS, data.length - from);
                        chunk.clear();
                        chunk.asFloatBuffer().put(data, from, n);
                        chunk.limit(4 * n);
                        writeFully(channel, chunk);
                    }
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes. */
    static byte[] headerBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("metadata entry " + k + " = " + v + " has a null key or value");
                }
                meta.put(k, v);
            });
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name \"" + name
                        + "\" is not allowed (it must be non-empty and not " + SafetensorsHeader.METADATA_KEY + ")");
            }
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", "F32");
            ArrayNode shape = entry.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + 4L * e.getValue().size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
