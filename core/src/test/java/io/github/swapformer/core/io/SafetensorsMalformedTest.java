package io.github.swapformer.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is rejected with a {@link CheckpointFormatException} naming the file and the problem. */
class SafetensorsMalformedTest {
    @TempDir
    Path dir;

    private static final byte[] EIGHT_BYTES = new byte[8];

    private void assertRejected(Path file, String expectedReason) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.reason().contains(expectedReason), "expected \"" + expectedReason + "\" in: " + e.reason());
    }

    private Path withHeader(String header, byte[] data) throws IOException {
        return RawFile.write(dir, "bad.safetensors", header, data);
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[5]);
        assertRejected(file, "file is 5 bytes, shorter than the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] header = "{}      ".getBytes(StandardCharsets.US_ASCII);
        assertRejected(RawFile.write(dir, "bad.safetensors", 1000, header, new byte[0]),
                "header length 1000 exceeds the file: only 8 bytes follow");
    }

    @Test
    void headerLengthOverTheLimit() throws IOException {
        assertRejected(RawFile.write(dir, "bad.safetensors", 200L << 20, new byte[8], new byte[0]),
                "exceeds the limit of 104857600 bytes (100 MiB)");
        assertRejected(RawFile.write(dir, "bad.safetensors", -1, new byte[8], new byte[0]),
                "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void invalidJson() throws IOException {
        assertRejected(withHeader("{\"a\": {\"dtype\": ", EIGHT_BYTES), "header is not valid JSON");
        assertRejected(withHeader("{\"a\":{}} trailing", EIGHT_BYTES), "header is not valid JSON");
    }

    @Test
    void duplicateNamesAreInvalidJson() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertRejected(withHeader("{\"a\":" + entry + ",\"a\":" + entry + "}", EIGHT_BYTES), "Duplicate field 'a'");
    }

    @Test
    void headerNotAnObject() throws IOException {
        assertRejected(withHeader("[1, 2]", EIGHT_BYTES), "header is not a JSON object");
        assertRejected(withHeader("{\"a\": 3}", EIGHT_BYTES), "tensor \"a\" is not a JSON object");
    }

    @Test
    void unknownDtype() throws IOException {
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F12\",\"shape\":[2],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has unknown dtype F12 (supported: F32, F16, BF16)");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has unsupported dtype I64");
    }

    @Test
    void offsetsOutsideTheDataArea() throws IOException {
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", EIGHT_BYTES),
                "tensor \"a\" has data_offsets [0, 16] outside the data area of 8 bytes");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", EIGHT_BYTES),
                "begin is after its end");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[-4,0]}}", EIGHT_BYTES),
                "data_offsets has value -4");
    }

    @Test
    void overlappingOffsets() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(withHeader(header, new byte[12]), "tensors \"a\" [0, 8] and \"b\" [4, 12] overlap");
    }

    @Test
    void elementCountNotMatchingByteLength() throws IOException {
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has shape [3] (3 elements of F32 = 12 bytes) but its data_offsets span 8 bytes");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "(2 elements of F16 = 4 bytes) but its data_offsets span 8 bytes");
    }

    @Test
    void negativeOrNonIntegerDimensions() throws IOException {
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has a negative dimension -1");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "has dimension 1.5");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}",
                EIGHT_BYTES), "more than 2147483639 elements");
    }

    @Test
    void missingFields() throws IOException {
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has no field \"shape\"");
        assertRejected(withHeader("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", EIGHT_BYTES),
                "tensor \"a\" has no field \"dtype\"");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", EIGHT_BYTES),
                "tensor \"a\" has no field \"data_offsets\"");
        assertRejected(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", EIGHT_BYTES),
                "expected [begin, end]");
    }

    @Test
    void metadataValuesMustBeStrings() throws IOException {
        assertRejected(withHeader("{\"__metadata__\":{\"step\":3}}", new byte[0]),
                "__metadata__ value of key \"step\" is 3, not a string");
    }

    @Test
    void aGoodTensorBeforeABadOneIsNotLoaded() throws IOException {
        // The whole header is validated before any tensor is read: no partial result exists to leak.
        String header = "{\"good\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"bad\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,17]}}";
        assertRejected(withHeader(header, new byte[17]), "tensor \"bad\" has shape [2]");
    }
}
