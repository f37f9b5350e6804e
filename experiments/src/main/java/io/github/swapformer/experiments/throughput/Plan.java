package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.attention.AttentionSpec;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The measurements of a study in the order they run (shortest length first, so that a time budget
 * cuts the longest ones), each either to run or skipped with the reason.
 *
 * <p>Two reasons skip a measurement. An encoding with a table and no rule past it (a learned absolute
 * table that refuses positions at or past its rows) cannot run longer than the model's context. And
 * a pass whose estimated attention buffers exceed the memory budget is skipped rather than run out
 * of heap. The models use {@link AttentionSpec#defaults()}: the plain kernel while T·S is at most
 * {@link AttentionSpec#streamingAbove()}, the streaming one past it. The plain kernel materializes
 * the (B, NH, T, S) scores: per layer the raw, scaled, biased and softmaxed scores (4 tensors; 8 with
 * their gradients while a recording tape holds every layer) plus the (B, 1, T, S) causal mask. The
 * streaming kernel keeps O(NH·T·(HS + block)) per layer (counted twice, for its forward and its
 * recomputing backward); its memory is linear in T.
 */
public final class Plan {
    private static final int SCORE_COPIES = 4;

    /** A measurement and why it is skipped ({@code null}: it runs). */
    public record Entry(Measurement measurement, String skipReason) {
        public boolean runs() {
            return skipReason == null;
        }
    }

    private Plan() {
    }

    public static List<Entry> of(ThroughputSpec spec) {
        List<Entry> out = new ArrayList<>();
        List<Integer> lengths = spec.lengths().stream().sorted().toList();
        for (int length : lengths) {
            for (PositionalKind positional : spec.positional()) {
                String notApplicable = notApplicable(spec, positional, length);
                for (FfnKind ffn : spec.ffns()) {
                    for (NormPlacement placement : spec.placements()) {
                        for (Mode mode : spec.modes()) {
                            Measurement m = new Measurement(positional, ffn, placement, length, mode);
                            out.add(new Entry(m, notApplicable != null ? notApplicable : overBudget(spec, m)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Why {@code positional} cannot run at {@code length} in this model, or null when it can. */
    static String notApplicable(ThroughputSpec spec, PositionalKind positional, int length) {
        ModelShape model = spec.model();
        PositionalEncoding encoding = positional.build(
                model.config(positional, spec.ffns().get(0), spec.placements().get(0)).attentionShape(true), 0);
        OptionalInt max = encoding.maxPositions();
        if (max.isPresent() && length > max.getAsInt() && !encoding.extrapolates()) {
            return "not applicable: " + Measurement.lower(positional) + " has a table of " + max.getAsInt()
                    + " positions (the model's context) and no rule past it; length " + length + " needs more";
        }
        return null;
    }

    private static String overBudget(ThroughputSpec spec, Measurement m) {
        long bytes = estimatedScoreBytes(spec.model(), m.mode(), m.length());
        if (bytes > spec.memoryBudget()) {
            return "over the memory budget: attention would need about " + mebibytes(bytes)
                    + " MiB (estimate), budget " + mebibytes(spec.memoryBudget()) + " MiB";
        }
        return null;
    }

    /** Bytes of the attention buffers alive at once in one pass (an estimate; see the class comment). */
    public static long estimatedScoreBytes(ModelShape model, Mode mode, int length) {
        AttentionSpec attention = AttentionSpec.defaults();
        boolean streaming = (long) length * length > attention.streamingAbove();
        long square = (long) length * length * Float.BYTES;
        long mask = streaming ? 0 : square; // streaming applies the causal rule without an array
        long perLayer = streaming
                ? 2L * model.heads() * length * (model.headDim() + attention.blockSize()) * Float.BYTES
                : SCORE_COPIES * model.heads() * square;
        return switch (mode) {
            case FORWARD, GENERATE -> perLayer + mask; // inference frees each layer's scores; the prefill dominates generation
            case FORWARD_BACKWARD -> 2 * perLayer * model.layers() + mask;
        };
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
