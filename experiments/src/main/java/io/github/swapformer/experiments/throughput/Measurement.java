package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalKind;
import java.util.Locale;

/** One point of a throughput study: a model variant, a sequence length and what is timed. */
public record Measurement(PositionalKind positional, FfnKind ffn, NormPlacement placement, int length, Mode mode) {

    /** A short label for progress lines, e.g. {@code rope·swiglu·pre T=256 forward}. */
    public String label() {
        return lower(positional) + "·" + lower(ffn) + "·" + lower(placement) + " T=" + length + " " + mode.text();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
