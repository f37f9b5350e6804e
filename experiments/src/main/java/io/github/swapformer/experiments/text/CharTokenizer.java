package io.github.swapformer.experiments.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character-level tokens: the distinct code points of the text it was built from, in ascending
 * code point order (stable: the same text always gives the same ids), then an unknown id for code
 * points it never saw, then the end-of-text marker.
 */
public final class CharTokenizer implements Tokenizer {
    /** What an unknown id decodes to: U+FFFD, the replacement character. */
    public static final String UNKNOWN = "\uFFFD";

    private final int[] codePoints;
    private final Map<Integer, Integer> ids = new HashMap<>();

    /** A tokenizer over the given code points (any order, duplicates allowed). */
    public CharTokenizer(int[] codePoints) {
        this.codePoints = Arrays.stream(codePoints).distinct().sorted().toArray();
        for (int i = 0; i < this.codePoints.length; i++) {
            ids.put(this.codePoints[i], i);
        }
    }

    /** The tokenizer of the code points of {@code text}. */
    public static CharTokenizer of(String text) {
        return new CharTokenizer(text.codePoints().toArray());
    }

    /** The code points, in id order (what the tokenizer file stores). */
    public List<Integer> codePoints() {
        return Arrays.stream(codePoints).boxed().toList();
    }

    public int unknownId() {
        return codePoints.length;
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(c -> ids.getOrDefault(c, unknownId())).toArray();
    }

    @Override
    public String decode(int[] tokens) {
        checkIds(tokens);
        StringBuilder out = new StringBuilder();
        for (int id : tokens) {
            if (id < codePoints.length) {
                out.appendCodePoint(codePoints[id]);
            } else {
                out.append(id == unknownId() ? UNKNOWN : END_OF_TEXT);
            }
        }
        return out.toString();
    }

    @Override
    public int vocabSize() {
        return codePoints.length + 2;
    }

    @Override
    public TokenizerKind kind() {
        return TokenizerKind.CHAR;
    }
}
