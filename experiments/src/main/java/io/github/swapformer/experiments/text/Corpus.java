package io.github.swapformer.experiments.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A tokenized text corpus split by position: the first 90 % of its code points train, the next 5 %
 * validate, the last 5 % test. Each part is tokenized on its own, and the tokenizer (char vocabulary,
 * BPE merges) is learned from the train part only, so nothing of the test text leaks into training.
 * Splitting by position (not by random lines) keeps test text contiguous, as perplexity on long
 * windows needs.
 */
public final class Corpus {
    /** Where the validation and the test parts begin, as fractions of the code points. */
    public static final double VALIDATION_START = 0.90;
    public static final double TEST_START = 0.95;

    /** The three parts. */
    public enum Split {
        TRAIN, VALIDATION, TEST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path file;
    private final String sha256;
    private final Tokenizer tokenizer;
    private final int[][] tokens;

    private Corpus(Path file, String sha256, Tokenizer tokenizer, int[][] tokens) {
        this.file = file;
        this.sha256 = sha256;
        this.tokenizer = tokenizer;
        this.tokens = tokens;
    }

    /** Reads, splits and tokenizes; the tokenizer is learned from the train part as {@code spec} says. */
    public static Corpus load(CorpusSpec spec) {
        byte[] bytes = read(spec.file());
        String text = decode(spec.file(), bytes);
        String[] parts = split(text);
        Tokenizer tokenizer = switch (spec.tokenizer()) {
            case BYTE -> new ByteTokenizer();
            case CHAR -> CharTokenizer.of(parts[0]);
            case BPE -> BpeTrainer.train(parts[0], spec.vocabSize());
        };
        return of(spec.file(), sha256(bytes), tokenizer, parts);
    }

    /** The corpus of {@code file} tokenized by an existing tokenizer (a trained model's). */
    public static Corpus load(Path file, Tokenizer tokenizer) {
        byte[] bytes = read(file);
        return of(file, sha256(bytes), tokenizer, split(decode(file, bytes)));
    }

    private static Corpus of(Path file, String sha256, Tokenizer tokenizer, String[] parts) {
        int[][] tokens = new int[3][];
        for (int i = 0; i < 3; i++) {
            tokens[i] = tokenizer.encode(parts[i]);
        }
        return new Corpus(file, sha256, tokenizer, tokens);
    }

    /** The file's bytes; a missing, unreadable or empty file is an IllegalArgumentException naming it. */
    public static byte[] read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("corpus file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("corpus file " + file + " is not a regular file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("corpus file " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("corpus file " + file + " is empty");
        }
        return bytes;
    }

    private static String decode(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("corpus file " + file + " is not UTF-8 text: " + e.getMessage(), e);
        }
    }

    /** The train, validation and test texts, cut at 90 % and 95 % of the code points. */
    static String[] split(String text) {
        int n = text.codePointCount(0, text.length());
        int v = text.offsetByCodePoints(0, (int) Math.floor(n * VALIDATION_START));
        int t = text.offsetByCodePoints(0, (int) Math.floor(n * TEST_START));
        return new String[] {text.substring(0, v), text.substring(v, t), text.substring(t)};
    }

    /** The SHA-256 of the bytes, in hex: the corpus' identity in cell ids. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public Path file() {
        return file;
    }

    public String sha256() {
        return sha256;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The token ids of a split (shared, do not modify). */
    public int[] tokens(Split split) {
        return tokens[split.ordinal()];
    }

    /**
     * Checks that a split holds a window of {@code length} tokens plus the one it predicts last.
     *
     * @throws IllegalArgumentException naming the file, the split, its size and the window otherwise
     */
    public void requireWindow(Split split, int length) {
        int have = tokens(split).length;
        if (have < length + 1) {
            throw new IllegalArgumentException("corpus " + file + " is too short: its " + split.id() + " split ("
                    + (split == Split.TRAIN ? "first 90 %" : split == Split.VALIDATION ? "next 5 %" : "last 5 %")
                    + ") has " + have + " " + tokenizer.kind().id() + " tokens, a window of " + length + " needs "
                    + (length + 1) + "; use a longer corpus or shorter lengths");
        }
    }
}
