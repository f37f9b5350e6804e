package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A positional encoding as attention sees it: hooks that are each the identity by default, so
 * that attention calls all of them and never asks which encoding it has (DESIGN.md §5).
 *
 * <p>The scaled dot-product convention: {@code scores = q·kᵀ/√HS + bias}, where {@code q} and
 * {@code k} are the outputs of {@link #rotateQueries}/{@link #rotateKeys} and {@code bias} is what
 * {@link #biasScores} adds, before the mask and the softmax. Each encoding documents how its paper
 * places its bias relative to the 1/√HS scale.
 *
 * <p>Shapes: x (B, T, C); q (B, NH, T, HS); k (B, NKV, S, HS) with NKV dividing NH; scores and
 * probabilities (B, NH, T, S); attention output (B, NH, T, HS).
 */
public interface PositionalEncoding {

    /** The registry entry of this encoding. */
    PositionalKind kind();

    /** Additive absolute encodings: x + PE(pos). x is (B, T, C). */
    default Tensor embed(Tape tape, Tensor x, Positions pos) {
        return x;
    }

    /** Rotary encodings: the queries (B, NH, T, HS) at their positions. */
    default Tensor rotateQueries(Tape tape, Tensor q, Positions pos) {
        return q;
    }

    /** Rotary encodings: the keys (B, NKV, S, HS) at their positions. */
    default Tensor rotateKeys(Tape tape, Tensor k, Positions pos) {
        return k;
    }

    /**
     * Additive score biases: scores (B, NH, T, S) after the 1/√HS scale, before mask and softmax.
     * {@code q} (B, NH, T, HS) is the query the scores were computed from (Shaw's key term needs it).
     */
    default Tensor biasScores(Tape tape, Tensor scores, Tensor q, Positions queryPos, Positions keyPos) {
        return scores;
    }

    /** Value-side terms (Shaw): added to the attention output (B, NH, T, HS) from probs (B, NH, T, S). */
    default Tensor mixValues(Tape tape, Tensor out, Tensor probs, Positions queryPos, Positions keyPos) {
        return out;
    }

    /** Whether positions past the training length give defined (if untrained) values. */
    boolean extrapolates();

    /** The largest number of positions the encoding can represent, when it has a limit. */
    default OptionalInt maxPositions() {
        return OptionalInt.empty();
    }

    /** The module holding this encoding's learned parameters, if it has any. */
    default Optional<Module> learned() {
        return this instanceof Module m ? Optional.of(m) : Optional.empty();
    }

    /**
     * The position-to-position similarity or bias a model starts with, for positions 0…length−1:
     * one table per head for per-head biases, one table otherwise. Plain data for the reports.
     */
    List<Table> pictures(int length);
}
