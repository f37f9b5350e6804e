package io.github.swapformer.arch.model;

/**
 * The token ids an encoder treats specially (Devlin et al. 2019, §3): [PAD] (padding, hidden from
 * attention), [CLS] (first token, whose state the pooler reads), [SEP] (between and after
 * segments) and [MASK] (the masked-LM corruption). Encoder-decoders use {@code pad} as T5 does:
 * padding, and the decoder's start token.
 */
public record SpecialIds(int pad, int cls, int sep, int mask) {
    public SpecialIds {
        if (pad < 0 || cls < 0 || sep < 0 || mask < 0) {
            throw new IllegalArgumentException("special ids must be >= 0, got [PAD] " + pad + ", [CLS] " + cls
                    + ", [SEP] " + sep + ", [MASK] " + mask);
        }
    }

    /** bert-base-uncased's vocabulary: [PAD] 0, [CLS] 101, [SEP] 102, [MASK] 103. */
    public static SpecialIds bertUncased() {
        return new SpecialIds(0, 101, 102, 103);
    }

    /** The first four ids, for small synthetic vocabularies: [PAD] 0, [CLS] 1, [SEP] 2, [MASK] 3. */
    public static SpecialIds firstFour() {
        return new SpecialIds(0, 1, 2, 3);
    }

    /** The largest of the four ids. */
    public int max() {
        return Math.max(Math.max(pad, cls), Math.max(sep, mask));
    }
}
