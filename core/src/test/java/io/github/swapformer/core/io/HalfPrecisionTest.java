package io.github.swapformer.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class HalfPrecisionTest {
    @Test
    void knownF16Values() {
        // Bit patterns from the IEEE 754 binary16 examples (Wikipedia, "Half-precision floating-point format").
        assertEquals(1.0f, HalfPrecision.f16ToFloat(0x3c00));
        assertEquals(-2.5f, HalfPrecision.f16ToFloat(0xc100));
        assertEquals(65504f, HalfPrecision.f16ToFloat(0x7bff));            // largest normal
        assertEquals(0x1.0p-24f, HalfPrecision.f16ToFloat(0x0001));        // smallest subnormal
        assertEquals(1023 * 0x1.0p-24f, HalfPrecision.f16ToFloat(0x03ff)); // largest subnormal
        assertEquals(0x1.0p-14f, HalfPrecision.f16ToFloat(0x0400));        // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, HalfPrecision.f16ToFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfPrecision.f16ToFloat(0xfc00));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfPrecision.f16ToFloat(0x8000)));
        assertTrue(Float.isNaN(HalfPrecision.f16ToFloat(0x7e00)));
    }

    @Test
    void everyF16MatchesTheDefinition() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int e = (bits >>> 10) & 0x1f;
            int f = bits & 0x3ff;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float got = HalfPrecision.f16ToFloat(bits);
            if (e == 31) {
                assertTrue(f == 0 ? got == sign * Double.POSITIVE_INFINITY : Float.isNaN(got), "bits " + bits);
            } else {
                // value = (−1)^s · 2^(e−15) · (1 + f/1024), or 2^−14 · f/1024 for subnormals
                double expected = e == 0 ? sign * f * Math.pow(2, -24) : sign * Math.pow(2, e - 15) * (1 + f / 1024.0);
                assertEquals(expected, got, 0.0, "bits " + bits);
            }
        }
    }

    @Test
    void everyF16MatchesTheJdkWhereItHasOne() throws Exception {
        Method jdk;
        try {
            jdk = Float.class.getMethod("float16ToFloat", short.class); // JDK 20 and later
        } catch (NoSuchMethodException e) {
            jdk = null;
        }
        assumeTrue(jdk != null, "Float.float16ToFloat needs JDK 20+");
        for (int bits = 0; bits < 0x10000; bits++) {
            float expected = (float) jdk.invoke(null, (short) bits);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(HalfPrecision.f16ToFloat(bits)),
                    "bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void knownBf16Values() {
        // bfloat16 is the top half of the float32 bit pattern.
        assertEquals(1.0f, HalfPrecision.bf16ToFloat(0x3f80));
        assertEquals(-2.5f, HalfPrecision.bf16ToFloat(0xc020));
        assertEquals(65280f, HalfPrecision.bf16ToFloat(0x477f));
        assertEquals(Float.intBitsToFloat(0x7f7f0000), HalfPrecision.bf16ToFloat(0x7f7f)); // largest, ≈ 3.39e38
        assertEquals(0x1.0p-133f, HalfPrecision.bf16ToFloat(0x0001));                     // smallest subnormal
        assertEquals(Float.POSITIVE_INFINITY, HalfPrecision.bf16ToFloat(0x7f80));
        assertEquals(Float.NEGATIVE_INFINITY, HalfPrecision.bf16ToFloat(0xff80));
    }
}
