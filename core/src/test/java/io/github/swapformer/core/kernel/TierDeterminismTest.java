package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.core.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels round the same way whichever JIT tier runs them: a JVM held at C1 (the Vector
 * API's Java fallback) and one warmed up into C2 (its intrinsics) print the same bits. Lane sums
 * through {@code reduceLanes(ADD)} or {@code lanewise(EXP)} break this; {@link Lanes#sum} and
 * {@code KernelMath.Vectorized.exp} keep it.
 */
class TierDeterminismTest {
    private static final String MODULE = "--add-modules=jdk.incubator.vector";

    @Test
    void c1AndC2GiveTheSameBits() throws Exception {
        ChildJvm.Result c1 = ChildJvm.run(TierDeterminismMain.class, List.of(MODULE, "-XX:TieredStopAtLevel=1", "-Dreps=2"), 120);
        ChildJvm.Result c2 = ChildJvm.run(TierDeterminismMain.class, List.of(MODULE, "-Dreps=3000"), 300);
        assertEquals(0, c1.exitCode(), c1.output());
        assertEquals(0, c2.exitCode(), c2.output());
        String expected = c1.lineStartingWith("simd=");
        assertEquals("simd=true", expected.split(" ")[0], c1.output());
        assertEquals(expected, c2.lineStartingWith("simd="), "C1 and C2 round differently");
    }
}
