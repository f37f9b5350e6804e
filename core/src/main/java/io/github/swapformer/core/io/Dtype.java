package io.github.swapformer.core.io;

import java.util.Set;

/** The element types this project reads from safetensors files; all are converted to float32. */
enum Dtype {
    F32(4),
    F16(2),
    BF16(2);

    /** Every dtype name of the safetensors format, to tell "unsupported" from "unknown". */
    static final Set<String> FORMAT_NAMES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3",
            "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64");

    final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }
}
