package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.EmbeddingKernels;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Embedding lookup with its backward: rows of a (V, C) table gathered by integer ids (token
 * embeddings, learned absolute positions: Vaswani et al. 2017, arXiv:1706.03762, §3.4).
 */
public final class Embeddings {
    private Embeddings() {
    }

    /**
     * table (V, C) looked up at {@code ids}, read row-major with shape {@code idShape} (one axis of
     * ids.length when omitted); result (idShape..., C). Backward scatter-adds into the table's
     * gradient, deterministically even when ids repeat.
     */
    public static Tensor lookup(Tape tape, Tensor table, int[] ids, int... idShape) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("lookup: table " + table.shapeString() + " must be [V, C]");
        }
        int[] shape = idShape.length == 0 ? new int[] {ids.length} : idShape;
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != ids.length) {
            throw new IllegalArgumentException("lookup: idShape " + Arrays.toString(shape) + " holds " + n
                    + " ids, but " + ids.length + " were given");
        }
        int V = table.dim(0);
        int C = table.dim(1);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= V) {
                throw new IllegalArgumentException("lookup: id " + ids[i] + " at position " + i
                        + " is outside the table of " + V + " rows (allowed: 0 to " + (V - 1) + ")");
            }
        }
        int[] outShape = Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = C;
        Tensor out = tape.output(outShape, table);
        EmbeddingKernels.forward(out.data(), table.data(), ids, ids.length, C, tape.pool());
        if (tape.needsGrad(table)) {
            int[] saved = ids.clone(); // the caller may refill its id buffer before backward runs
            tape.record(() -> EmbeddingKernels.backward(table.grad(), out.grad(), saved, saved.length, C, tape.pool()));
        }
        return out;
    }
}
