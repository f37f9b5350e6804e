package io.github.swapformer.core.io;

/**
 * Conversions from the two 16-bit float formats of checkpoints to float32, exact (every 16-bit
 * value is representable in float32). Written here because {@code Float.float16ToFloat} only
 * exists from JDK 20.
 *
 * <p>F16 is IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. BF16
 * (Google Brain's bfloat16) is the upper half of a float32: 1 sign, 8 exponent, 7 fraction bits.
 */
public final class HalfPrecision {
    private HalfPrecision() {
    }

    /** The float32 value of the IEEE binary16 number in the low 16 bits of {@code bits}. */
    public static float f16ToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        if (exponent == 0) {
            // Zero or subnormal: fraction · 2^−24, exact in float32; the sign is applied to the magnitude.
            float magnitude = fraction * 0x1.0p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1f) {
            // Infinity (fraction 0) or NaN, keeping the NaN payload in the top fraction bits.
            return Float.intBitsToFloat(sign | 0x7f800000 | (fraction << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
    }

    /** The float32 value of the bfloat16 number in the low 16 bits of {@code bits}. */
    public static float bf16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
