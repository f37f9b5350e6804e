package io.github.swapformer.experiments.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level byte-pair encoding (Sennrich et al. 2016, arXiv 1508.07909; on bytes as GPT-2,
 * Radford et al. 2019): ids 0–255 are bytes, id 256 + r is merge r (the concatenation of its
 * pair), and the last id is the end-of-text marker. Text is first split into pre-tokens (GPT-2's
 * pattern: contractions, a word or a number with its leading space, punctuation runs, spaces) so
 * that no merge crosses a word boundary; each pre-token's bytes are then merged by applying, over
 * and over, the lowest-ranked merge present among its adjacent pairs.
 */
public final class BpeTokenizer implements Tokenizer {
    /** GPT-2's pre-tokenizer (openai/gpt-2 src/encoder.py): every character falls in exactly one match. */
    static final Pattern PRE_TOKENS = Pattern.compile(
            "'(?:s|t|re|ve|m|ll|d)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final List<int[]> merges;
    private final Map<Long, Integer> rank = new HashMap<>();
    private final byte[][] bytesOf;

    /** A tokenizer applying {@code merges} (pairs of ids) in rank order. */
    public BpeTokenizer(List<int[]> merges) {
        this.merges = List.copyOf(merges);
        bytesOf = new byte[256 + merges.size()][];
        for (int b = 0; b < 256; b++) {
            bytesOf[b] = new byte[] {(byte) b};
        }
        for (int r = 0; r < merges.size(); r++) {
            int[] m = merges.get(r);
            int next = 256 + r;
            if (m.length != 2 || m[0] < 0 || m[1] < 0 || m[0] >= next || m[1] >= next) {
                throw new IllegalArgumentException("merge " + r + " " + Arrays.toString(m)
                        + " must be a pair of ids below " + next + " (bytes or earlier merges)");
            }
            if (rank.putIfAbsent(key(m[0], m[1]), r) != null) {
                throw new IllegalArgumentException("merge " + r + " repeats the pair " + m[0] + "," + m[1]);
            }
            bytesOf[next] = concat(bytesOf[m[0]], bytesOf[m[1]]);
        }
    }

    /** The merges in rank order, each a pair {left, right}. */
    public List<int[]> merges() {
        return merges;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | right;
    }

    /** The pre-tokens of {@code text}, in order; their concatenation is {@code text}. */
    static List<String> preTokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PRE_TOKENS.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public int[] encode(String text) {
        // A corpus repeats its words: encode each distinct pre-token once.
        Map<String, int[]> seen = new HashMap<>();
        int[] out = new int[16];
        int n = 0;
        for (String piece : preTokens(text)) {
            int[] ids = seen.computeIfAbsent(piece, this::encodePiece);
            if (n + ids.length > out.length) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, n + ids.length));
            }
            System.arraycopy(ids, 0, out, n, ids.length);
            n += ids.length;
        }
        return Arrays.copyOf(out, n);
    }

    private int[] encodePiece(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        int n = ids.length;
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                best = Math.min(best, rank.getOrDefault(key(ids[i], ids[i + 1]), Integer.MAX_VALUE));
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            n = merge(ids, n, merges.get(best)[0], merges.get(best)[1], 256 + best);
        }
        return Arrays.copyOf(ids, n);
    }

    /** Replaces each (left, right), scanning left to right, by {@code id} in place; returns the new length. */
    static int merge(int[] ids, int n, int left, int right, int id) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && ids[i] == left && ids[i + 1] == right) {
                ids[w++] = id;
                i++;
            } else {
                ids[w++] = ids[i];
            }
        }
        return w;
    }

    /** Byte sequences that are not valid UTF-8 (a window cut inside a character) decode to U+FFFD. */
    @Override
    public String decode(int[] ids) {
        checkIds(ids);
        return ByteTokenizer.decodeBytes(ids, endOfTextId(), id -> bytesOf[id]);
    }

    @Override
    public int vocabSize() {
        return 257 + merges.size();
    }

    @Override
    public TokenizerKind kind() {
        return TokenizerKind.BPE;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
