package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules=jdk.incubator.vector} the kernels must fall back to their scalar
 * specifications instead of failing to load (see {@link Simd}). {@link ScalarFallbackMain} trains
 * a toy model through every op family in child JVMs started with and without the module.
 */
class ScalarFallbackTest {
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void withoutVectorModuleTrainingRunsTheScalarKernels() throws Exception {
        ChildJvm.Result plain = ChildJvm.run(ScalarFallbackMain.class, List.of(), TIMEOUT_SECONDS);
        assertEquals(0, plain.exitCode(), "child JVM without the Vector API module failed:\n" + plain.output());
        String line = plain.lineStartingWith("module=");
        assertTrue(line.startsWith("module=false simd=false "), line);

        // The same scalar kernels with the module loaded but switched off: bitwise the same losses and parameters.
        ChildJvm.Result scalar = ChildJvm.run(ScalarFallbackMain.class,
                List.of("--add-modules=jdk.incubator.vector", "-Dswapformer.simd=false"), TIMEOUT_SECONDS);
        assertEquals(0, scalar.exitCode(), scalar.output());
        String scalarLine = scalar.lineStartingWith("module=");
        assertTrue(scalarLine.startsWith("module=true simd=false "), scalarLine);
        assertEquals(payload(scalarLine), payload(line));
    }

    @Test
    void withVectorModuleTheSimdTwinsGiveTheSameLossesUpToRounding() throws Exception {
        ChildJvm.Result scalar = ChildJvm.run(ScalarFallbackMain.class, List.of(), TIMEOUT_SECONDS);
        ChildJvm.Result simd = ChildJvm.run(ScalarFallbackMain.class, List.of("--add-modules=jdk.incubator.vector"),
                TIMEOUT_SECONDS);
        assertEquals(0, simd.exitCode(), simd.output());
        String simdLine = simd.lineStartingWith("module=");
        assertTrue(simdLine.startsWith("module=true simd=true "), simdLine);
        float[] expected = losses(scalar.lineStartingWith("module="));
        float[] actual = losses(simdLine);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(actual[i]), simdLine);
            // Measured on AVX-512 (JDK 17): the three losses print the same digits (5.10789, 4.2503166,
            // 2.8094695), while the parameters differ in their last bits (fma, lane-order sums).
            assertEquals(expected[i], actual[i], 1e-5f * Math.abs(expected[i]), "loss of step " + i);
        }
    }

    private static String payload(String line) {
        return line.substring(line.indexOf(" losses="));
    }

    private static float[] losses(String line) {
        String list = line.substring(line.indexOf("losses=") + "losses=".length(), line.indexOf(" params="));
        String[] parts = list.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }
}
