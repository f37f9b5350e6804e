package io.github.swapformer.experiments.throughput;

/**
 * How one measurement is timed: untimed passes (JIT compilation, first-touch of buffers), at least
 * {@code warmup} of them and for at least {@code warmupSeconds} (before C2 compiles them, Vector API
 * kernels box every vector, which inflates both time and allocation), then {@code repetitions} timed repetitions, each running as many passes as fit in
 * {@code minRepetitionSeconds} (judged from the last warm-up pass) so that short passes are not lost
 * in timer resolution. The spread reported is across repetitions.
 *
 * @param decodeTokens tokens decoded per generation pass (at most half the length; the rest is prefill)
 */
public record Protocol(int warmup, double warmupSeconds, int repetitions, double minRepetitionSeconds, int decodeTokens) {
    public Protocol {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup " + warmup + " must be at least 0");
        }
        seconds("warmup seconds", warmupSeconds);
        if (repetitions < 2) {
            throw new IllegalArgumentException("repetitions " + repetitions + " must be at least 2 (a spread needs two)");
        }
        seconds("min repetition seconds", minRepetitionSeconds);
        if (decodeTokens < 1) {
            throw new IllegalArgumentException("decode tokens " + decodeTokens + " must be at least 1");
        }
    }

    /** At least 2 warm-up passes and 1 s of warm-up, 5 repetitions of at least 0.2 s, 16 decoded tokens. */
    public static Protocol defaults() {
        return new Protocol(2, 1.0, 5, 0.2, 16);
    }

    private static void seconds(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be a finite number at least 0");
        }
    }

    /** Tokens decoded at sequence length {@code length}: {@code decodeTokens}, at most half of it, at least 1. */
    public int decodedAt(int length) {
        return Math.max(1, Math.min(decodeTokens, length / 2));
    }
}
