package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A throughput study: the axes (encodings × FFN kinds × norm placements × lengths × modes), the model,
 * the timing protocol and the limits. Validated when built, before anything runs.
 *
 * @param threads      threads of the pool each pass runs on
 * @param maxSeconds   wall-clock budget; no measurement starts after it (0: no limit)
 * @param memoryBudget bytes the attention buffers of one pass may take, estimated (see {@link Plan})
 * @param seed         seed of the weights and of the token ids
 */
public record ThroughputSpec(List<PositionalKind> positional, List<FfnKind> ffns, List<NormPlacement> placements,
                             List<Integer> lengths, List<Mode> modes, ModelShape model, Protocol protocol,
                             int threads, double maxSeconds, long memoryBudget, long seed) {
    public ThroughputSpec {
        positional = axis("positional", positional);
        ffns = axis("ffn", ffns);
        placements = axis("norm placement", placements);
        lengths = axis("lengths", lengths);
        modes = axis("modes", modes);
        for (int length : lengths) {
            if (length < 2) {
                throw new IllegalArgumentException("length " + length + " must be at least 2 (generation needs a prompt)");
            }
        }
        if (model == null || protocol == null) {
            throw new IllegalArgumentException("model and protocol are required");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("max seconds " + maxSeconds + " must be a finite number at least 0 (0: no limit)");
        }
        if (memoryBudget < 1) {
            throw new IllegalArgumentException("memory budget " + memoryBudget + " bytes must be at least 1");
        }
    }

    /** Every encoding × {MLP_GELU, SWIGLU} × {PRE}, lengths 64 … 4096, every mode, default model and protocol. */
    public static ThroughputSpec defaults() {
        return new ThroughputSpec(List.of(PositionalKind.values()), List.of(FfnKind.MLP_GELU, FfnKind.SWIGLU),
                List.of(NormPlacement.PRE), powersOfTwo(64, 4096), List.of(Mode.values()), ModelShape.defaults(),
                Protocol.defaults(), Runtime.getRuntime().availableProcessors(), 0,
                Runtime.getRuntime().maxMemory() / 2, 1);
    }

    /** {@code from}, 2·from, … up to {@code to} (both powers of two, from ≤ to). */
    public static List<Integer> powersOfTwo(int from, int to) {
        if (from < 1 || Integer.bitCount(from) != 1) {
            throw new IllegalArgumentException("length " + from + " is not a positive power of two");
        }
        if (to < from || Integer.bitCount(to) != 1) {
            throw new IllegalArgumentException("length " + to + " is not a power of two at least " + from);
        }
        List<Integer> out = new ArrayList<>();
        for (long n = from; n <= to; n *= 2) {
            out.add((int) n);
        }
        return out;
    }

    private static <T> List<T> axis(String name, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: give at least one value");
        }
        if (values.stream().anyMatch(v -> v == null)) {
            throw new IllegalArgumentException(name + " " + values + " contains null");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(name + " " + values + " names a value twice");
        }
        return List.copyOf(values);
    }
}
