package io.github.swapformer.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        float[] w = new float[2 * 3 * 5];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i) * 1e3f;
        }
        w[3] = Float.NaN;
        w[4] = -0f;
        w[5] = Float.MIN_VALUE;
        tensors.put("z.weight", Tensor.of(w, 2, 3, 5));
        tensors.put("a.bias", Tensor.of(new float[] {1, -2, 3}, 3));
        tensors.put("scalar", Tensor.of(new float[] {42}));
        tensors.put("empty", Tensor.zeros(0, 4));
        tensors.put("m", Tensor.of(new float[] {7}, 1, 1));
        return tensors;
    }

    private static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "names and order");
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).shape(), actual.get(name).shape(), name);
            float[] e = expected.get(name).data();
            float[] a = actual.get(name).data();
            assertEquals(e.length, a.length, name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), name + "[" + i + "]");
            }
        }
    }

    @Test
    void roundTripKeepsNamesOrderShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, String> metadata = Map.of("format", "pt", "step", "3");
        Safetensors.write(file, sample(), metadata);
        SafetensorsFile read = Safetensors.read(file);
        assertSameTensors(sample(), read.tensors());
        assertEquals(metadata, read.metadata());
        assertTrue(read.tensors().get("a.bias").grad() == null);
        // Small mapping windows exercise the path that files over 2 GiB take.
        assertSameTensors(sample(), Safetensors.read(file, 8).tensors());
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOfEight() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        Safetensors.write(file, Map.of("x", Tensor.of(new float[] {1}, 1)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), header);
        assertEquals(header.strip(), header.substring(0, header.indexOf('}') + 2));
        assertEquals(8 + n + 4, bytes.length);
    }

    @Test
    void overwriteIsAtomicAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Safetensors.write(file, sample(), Map.of());
        Safetensors.write(file, Map.of("only", Tensor.of(new float[] {5}, 1)), Map.of("v", "2"));
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("only"), List.copyOf(read.tensors().keySet()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    /**
     * A file written by Hugging Face's own library (safetensors 0.8.0, Python, serialize_file), which
     * orders tensors by dtype alignment then name: F32 "scalar", F32 "wte", BF16 "emb", F16 "ln.bias".
     */
    @Test
    void readsAFileWrittenByTheReferenceLibrary() throws IOException {
        Path file = dir.resolve("golden.safetensors");
        try (InputStream in = getClass().getResourceAsStream("golden-safetensors-0.8.0.safetensors")) {
            Files.copy(in, file);
        }
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("scalar", "wte", "emb", "ln.bias"), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of("format", "np", "note", "golden"), read.metadata());
        assertEquals(0, read.tensors().get("scalar").rank());
        assertEquals(3.25f, read.tensors().get("scalar").item());
        assertArrayEquals(new int[] {2, 3}, read.tensors().get("wte").shape());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, read.tensors().get("wte").data());
        assertArrayEquals(new float[] {1, -2.5f, Float.POSITIVE_INFINITY}, read.tensors().get("emb").data());
        assertArrayEquals(new float[] {1, -2.5f, 65504, 0x1.0p-24f}, read.tensors().get("ln.bias").data());
    }

    @Test
    void readsHandWrittenF16AndBf16() throws IOException {
        short[] f16 = {0x3c00, (short) 0xc100, 0x7bff, 0x0001, 0x03ff, 0x7c00, (short) 0xfc00};
        short[] bf16 = {0x3f80, (short) 0xc020, 0x477f, 0x0001, 0x7f80};
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[5,1],\"data_offsets\":[14,24]}}";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : f16) {
            data.putShort(s);
        }
        for (short s : bf16) {
            data.putShort(s);
        }
        Path file = RawFile.write(dir, "half.safetensors", header, data.array());
        for (long window : new long[] {Safetensors.DEFAULT_WINDOW_BYTES, 4}) {
            Map<String, Tensor> read = Safetensors.read(file, window).tensors();
            assertArrayEquals(new float[] {1, -2.5f, 65504, 0x1.0p-24f, 1023 * 0x1.0p-24f,
                    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, read.get("h").data());
            assertArrayEquals(new int[] {5, 1}, read.get("b").shape());
            assertArrayEquals(new float[] {1, -2.5f, 65280, 0x1.0p-133f, Float.POSITIVE_INFINITY}, read.get("b").data());
        }
    }

    /**
     * A tensor that starts past 2^31 bytes, in a sparse file (the hole before it costs no disk): the
     * mapping positions are longs. Holes in the data area are tolerated by this reader.
     */
    @Test
    void readsATensorBeyondTwoGibibytes() throws IOException {
        long begin = (1L << 31) + 8;
        String header = "{\"far\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + begin + "," + (begin + 8) + "]}}";
        Path file = RawFile.write(dir, "sparse.safetensors", header, new byte[0]);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long dataStart = raf.length();
            raf.seek(dataStart + begin);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).array());
        }
        assertArrayEquals(new float[] {1.5f, -3f}, Safetensors.read(file).tensors().get("far").data());
    }

    @Test
    void optimizerStateThroughAFileResumesBitwise() throws IOException {
        AdamWConfig config = AdamWConfig.defaults();
        Parameter straight = new Parameter("w", Tensor.of(new float[] {0.5f, -1f, 2f}, 3).withGrad(), ParamKind.MATRIX);
        Parameter resumed = new Parameter("w", Tensor.of(new float[] {0.5f, -1f, 2f}, 3).withGrad(), ParamKind.MATRIX);
        AdamW a = new AdamW(List.of(straight), config, Parallel.serial());
        AdamW b = new AdamW(List.of(resumed), config, Parallel.serial());
        for (int s = 0; s < 5; s++) {
            if (s == 3) {
                Path file = dir.resolve("optim.safetensors");
                Safetensors.write(file, b.state(), Map.of("kind", "adamw"));
                b = new AdamW(List.of(resumed), config, Parallel.serial());
                b.loadState(Safetensors.readTensors(file));
            }
            for (Parameter p : List.of(straight, resumed)) {
                float[] d = p.tensor().data();
                for (int i = 0; i < d.length; i++) {
                    p.tensor().grad()[i] = d[i] * (s + 1) - 0.1f * i;
                }
            }
            a.step(1e-2);
            b.step(1e-2);
        }
        assertArrayEquals(straight.tensor().data(), resumed.tensor().data());
        assertEquals(5, b.steps());
    }
}
