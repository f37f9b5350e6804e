package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.core.testing.ChildJvm;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decoder-only model of every FFN kind (with RoPE) and of every positional encoding trains in a
 * JVM without {@code jdk.incubator.vector} (the scalar fallback of {@code core.kernel.Simd}), and
 * gets bitwise what the scalar kernels give with the module present but switched off; with SIMD
 * on, the same losses up to rounding.
 */
class DecoderFallbackTest {
    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void everyFfnKindAndEncodingTrainsWithoutTheVectorModule() throws Exception {
        String plain = run(List.of(), "module=false simd=false ");
        String scalar = run(List.of("--add-modules=jdk.incubator.vector", "-Dswapformer.simd=false"),
                "module=true simd=false ");
        String simd = run(List.of("--add-modules=jdk.incubator.vector"), "module=true simd=true ");
        for (FfnKind kind : FfnKind.values()) {
            assertTrue(plain.contains(" " + kind + "="), kind + " missing from " + plain);
        }
        for (PositionalKind kind : PositionalKind.values()) {
            // RoPE runs in every FFN kind's model above; the other encodings are named by their kind.
            assertTrue(kind == PositionalKind.ROPE || plain.contains(" " + kind + "="),
                    kind + " missing from " + plain);
        }
        assertEquals(scalar.substring(scalar.indexOf(' ', "module=true simd=false".length())),
                plain.substring(plain.indexOf(' ', "module=false simd=false".length())));
        float[] expected = losses(plain);
        float[] actual = losses(simd);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(expected[i]), plain);
            // Measured on AVX-512 (JDK 17): at most 2 float ulps apart (SHAW_RELATIVE 2.9407694 vs 2.9407697).
            assertEquals(expected[i], actual[i], 1e-5f * Math.abs(expected[i]),
                    "loss " + i + "\n" + plain + "\n" + simd);
        }
    }

    private static String run(List<String> options, String prefix) throws Exception {
        ChildJvm.Result result = ChildJvm.run(DecoderFallbackMain.class, options, TIMEOUT_SECONDS);
        assertEquals(0, result.exitCode(), "child JVM " + options + " failed:\n" + result.output());
        String line = result.lineStartingWith("module=");
        assertTrue(line.startsWith(prefix), line);
        return line;
    }

    /** Every loss of the line, kind after kind. */
    private static float[] losses(String line) {
        List<String> values = new ArrayList<>();
        for (String field : line.split(" ")) {
            int eq = field.indexOf('=');
            String key = field.substring(0, eq);
            if (!key.equals("module") && !key.equals("simd") && !key.equals("params")) {
                values.addAll(List.of(field.substring(eq + 1).split(",")));
            }
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(values.get(i));
        }
        return out;
    }
}
