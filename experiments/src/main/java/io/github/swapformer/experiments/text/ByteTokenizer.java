package io.github.swapformer.experiments.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Byte-level tokens: id b is the UTF-8 byte b (0–255), id 256 the end-of-text marker. Needs no
 * training and never meets an unknown character (ByT5, Xue et al. 2022, arXiv 2105.13626).
 */
public final class ByteTokenizer implements Tokenizer {
    public static final int SIZE = 257;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    /** Byte sequences that are not valid UTF-8 (a window cut inside a character) decode to U+FFFD. */
    @Override
    public String decode(int[] ids) {
        checkIds(ids);
        return decodeBytes(ids, endOfTextId(), id -> new byte[] {(byte) id});
    }

    /**
     * The text of ids that each stand for a run of UTF-8 bytes ({@code bytesOf}), the end-of-text id
     * for {@link Tokenizer#END_OF_TEXT}; invalid UTF-8 decodes to U+FFFD. Shared with {@link BpeTokenizer}.
     */
    static String decodeBytes(int[] ids, int endOfText, IntFunction<byte[]> bytesOf) {
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id == endOfText) {
                out.append(bytes.toString(StandardCharsets.UTF_8)).append(END_OF_TEXT);
                bytes.reset();
            } else {
                bytes.writeBytes(bytesOf.apply(id));
            }
        }
        return out.append(bytes.toString(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public int vocabSize() {
        return SIZE;
    }

    @Override
    public TokenizerKind kind() {
        return TokenizerKind.BYTE;
    }
}
