package io.github.swapformer.experiments.task;

/**
 * The one small vocabulary every synthetic task shares: four special tokens and sixteen symbols.
 * Digits 0–9 are the first ten symbols, so arithmetic and symbol tasks read alike in a dump.
 */
public final class Vocabulary {
    /** Padding: never a target, never attended by a real token (it only ever follows them). */
    public static final int PAD = 0;
    /** Ends the prompt; the answer starts after it. */
    public static final int SEP = 1;
    /** The "+" of addition. */
    public static final int PLUS = 2;
    /** Marks the key being asked for in associative recall. */
    public static final int QUERY = 3;
    /** The id of symbol 0. */
    public static final int FIRST_SYMBOL = 4;
    /** How many symbols there are (ids FIRST_SYMBOL … FIRST_SYMBOL + SYMBOLS − 1). */
    public static final int SYMBOLS = 16;
    /** The vocabulary size a model for these tasks needs. */
    public static final int SIZE = FIRST_SYMBOL + SYMBOLS;

    private Vocabulary() {
    }

    /** The token id of symbol {@code s} (a digit for arithmetic). */
    public static int symbol(int s) {
        if (s < 0 || s >= SYMBOLS) {
            throw new IllegalArgumentException("symbol " + s + " is outside [0, " + SYMBOLS + ")");
        }
        return FIRST_SYMBOL + s;
    }

    /** A readable form of a token sequence, for messages and dumps: {@code 3 1 4 | 3 1 4}. */
    public static String render(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(switch (t) {
                case PAD -> "_";
                case SEP -> "|";
                case PLUS -> "+";
                case QUERY -> "?";
                default -> Integer.toString(t - FIRST_SYMBOL, 16);
            });
        }
        return sb.toString();
    }
}
