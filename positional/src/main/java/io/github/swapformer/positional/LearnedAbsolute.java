package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A learned table of absolute positions added to the input, as in GPT-2 ({@code wpe}) and BERT
 * (Devlin et al. 2019, arXiv 1810.04805): {@code weight} (maxPositions, C), initialized
 * N(0, 0.02²). A position past the table is an error naming the table size, unless the spec
 * chooses {@link OutOfRange#CLAMP} (every later position reuses the last row); never a wrap.
 */
public final class LearnedAbsolute extends Module implements PositionalEncoding {
    /** What to do with a position past the table. */
    public enum OutOfRange {
        /** Throw an {@link IllegalArgumentException} naming the position and the table size. */
        ERROR,
        /** Use the last row for every position at or past the table's end (a length study's choice). */
        CLAMP
    }

    /** @param maxPositions table rows (0: the attention shape's maxPositions); @param outOfRange policy */
    public record Spec(int maxPositions, OutOfRange outOfRange) implements PositionalSpec {
        public Spec {
            if (maxPositions < 0) {
                throw new IllegalArgumentException("maxPositions " + maxPositions + " must be >= 0 (0: the model's maxPositions)");
            }
            if (outOfRange == null) {
                throw new IllegalArgumentException("outOfRange must be given (ERROR or CLAMP)");
            }
        }

        public static Spec defaults() {
            return new Spec(0, OutOfRange.ERROR);
        }

        @Override
        public PositionalKind kind() {
            return PositionalKind.LEARNED_ABSOLUTE;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new LearnedAbsolute(this, shape, seed);
        }
    }

    private final Spec spec;
    private final Tensor weight;

    public LearnedAbsolute(Spec spec, AttentionShape shape, long seed) {
        this.spec = spec;
        int rows = spec.maxPositions() > 0 ? spec.maxPositions() : shape.maxPositions();
        Tensor w = Tensor.zeros(rows, shape.dModel());
        Random random = new Random(seed);
        for (int i = 0; i < w.size(); i++) {
            w.data()[i] = (float) (random.nextGaussian() * 0.02);
        }
        this.weight = parameter("weight", w, ParamKind.EMBEDDING);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.LEARNED_ABSOLUTE;
    }

    @Override
    public Tensor embed(Tape tape, Tensor x, Positions pos) {
        int size = weight.dim(0);
        if (x.rank() != 3 || x.dim(2) != weight.dim(1)) {
            throw new IllegalArgumentException("learned absolute: x " + x.shapeString() + " must be (B, T, " + weight.dim(1) + ")");
        }
        int[] rows = pos.flat(x.dim(0), x.dim(1), "learned absolute: x " + x.shapeString());
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] >= size) {
                if (spec.outOfRange() == OutOfRange.ERROR) {
                    throw new IllegalArgumentException("position " + rows[i] + " is past the learned table of " + size
                            + " positions (0.." + (size - 1) + "); a study may choose OutOfRange.CLAMP to reuse the last row");
                }
                rows[i] = size - 1;
            }
        }
        return AbsoluteAdd.apply(tape, x, weight, rows);
    }

    @Override
    public boolean extrapolates() {
        return spec.outOfRange() == OutOfRange.CLAMP;
    }

    @Override
    public OptionalInt maxPositions() {
        return OptionalInt.of(weight.dim(0));
    }

    /** The Gram matrix of the table's first rows, scaled by 1/C (the similarity the model starts with). */
    @Override
    public List<Table> pictures(int length) {
        int n = Math.min(length, weight.dim(0));
        return List.of(new Table("learned absolute: row(i)·row(j) / C", "position", "position",
                Gram.of(weight.data(), n, weight.dim(1), 1.0 / weight.dim(1))));
    }
}
