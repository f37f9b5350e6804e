package io.github.swapformer.core.nn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Embeddings;
import io.github.swapformer.core.tensor.Tensor;

/** A learned table of vectors looked up by id (tokens, segments). Starts at zero; models initialize it. */
public final class Embedding extends Module {
    private final Tensor table;

    public Embedding(int count, int dim) {
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding needs count ≥ 1 and dim ≥ 1, got " + count + " × " + dim);
        }
        this.table = parameter("weight", Tensor.zeros(count, dim), ParamKind.EMBEDDING);
    }

    /** ids of shape {@code idShape} → (idShape..., dim). */
    public Tensor forward(Tape tape, int[] ids, int... idShape) {
        return Embeddings.lookup(tape, table, ids, idShape);
    }

    public Tensor weight() {
        return table;
    }

    public int count() {
        return table.dim(0);
    }

    public int dim() {
        return table.dim(1);
    }
}
