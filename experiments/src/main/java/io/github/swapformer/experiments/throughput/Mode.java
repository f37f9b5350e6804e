package io.github.swapformer.experiments.throughput;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one throughput measurement times, named as in the reports contract's {@code throughput.csv}
 * ({@code forward}, {@code forward_backward}, {@code generate}).
 */
public enum Mode {
    /** One inference pass over the whole sequence; tokens = sequence length. */
    FORWARD,
    /** Loss (cross-entropy plus any router losses) and its backward pass; tokens = sequence length. */
    FORWARD_BACKWARD,
    /** Greedy decoding with the KV cache after an untimed prefill; tokens = decoded tokens only. */
    GENERATE;

    /** The name used in {@code throughput.csv} and on the command line. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code forward}, {@code forward_backward} or {@code generate} (any case, '-' for '_'). */
    public static Mode parse(String text) {
        String key = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Mode m : values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "' is not one of "
                + Arrays.stream(values()).map(Mode::text).collect(Collectors.joining(", ")));
    }
}
