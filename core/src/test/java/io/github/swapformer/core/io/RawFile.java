package io.github.swapformer.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes safetensors-like files byte by byte, so that tests can make them wrong on purpose. */
final class RawFile {
    private RawFile() {
    }

    /** A file with the true header length, {@code header} (padded with spaces to 8) and {@code data}. */
    static Path write(Path dir, String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] paddedJson = new byte[padded];
        java.util.Arrays.fill(paddedJson, (byte) ' ');
        System.arraycopy(json, 0, paddedJson, 0, json.length);
        return write(dir, name, padded, paddedJson, data);
    }

    /** A file whose length field says {@code declaredLength}, whatever follows. */
    static Path write(Path dir, String name, long declaredLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header).put(data);
        Path file = dir.resolve(name);
        Files.write(file, b.array());
        return file;
    }
}
