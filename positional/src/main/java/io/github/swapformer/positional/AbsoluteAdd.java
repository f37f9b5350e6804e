package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/** The op x (B, T, C) + table[rows[b·T + t]] with its backward into x and, if learned, the table. */
public final class AbsoluteAdd {
    private AbsoluteAdd() {
    }

    public static Tensor apply(Tape tape, Tensor x, Tensor table, int[] rows) {
        int C = x.dim(-1);
        int BT = x.rows();
        if (x.rank() != 3 || table.rank() != 2 || table.dim(1) != C) {
            throw new IllegalArgumentException("absolute add: x " + x.shapeString() + " must be (B, T, C) and table "
                    + table.shapeString() + " (positions, C)");
        }
        if (rows.length != BT) {
            throw new IllegalArgumentException("absolute add: " + rows.length + " rows given for " + BT + " tokens of x " + x.shapeString());
        }
        for (int r : rows) {
            if (r < 0 || r >= table.dim(0)) {
                throw new IllegalArgumentException("absolute add: row " + r + " is outside the table of " + table.dim(0) + " rows");
            }
        }
        Tensor y = tape.output(x.shape(), x, table);
        AbsoluteKernels.addRows(y.data(), x.data(), table.data(), rows, BT, C, tape.pool());
        if (tape.needsGrad(x, table)) {
            tape.record(() -> {
                if (x.requiresGrad()) {
                    float[] dx = x.grad();
                    float[] dy = y.grad();
                    for (int i = 0; i < dx.length; i++) {
                        dx[i] += dy[i];
                    }
                }
                if (table.requiresGrad()) {
                    AbsoluteKernels.scatterRows(table.grad(), y.grad(), rows, BT, C, tape.pool());
                }
            });
        }
        return y;
    }
}
