package io.github.swapformer.experiments.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The tokenizers a corpus can use, by the name study specs and the command line give them. */
public enum TokenizerKind {
    /** The 256 UTF-8 byte values (ByT5, Xue et al. 2022, arXiv 2105.13626). */
    BYTE,
    /** The corpus' distinct code points plus an unknown id. */
    CHAR,
    /** Byte-level byte-pair encoding trained on the corpus (Sennrich et al. 2016, arXiv 1508.07909). */
    BPE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code id} (case-insensitive); the message lists the known ones. */
    public static TokenizerKind fromId(String id) {
        for (TokenizerKind k : values()) {
            if (k.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown tokenizer '" + id + "'; known: "
                + Arrays.stream(values()).map(TokenizerKind::id).collect(Collectors.joining(", ")));
    }
}
