package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/**
 * The rotation op over the tape: x (B, H, T, HS) rotated per token position by a
 * {@link RotaryTable}; the backward pass rotates the gradient by −θ (the transpose). It has no
 * parameters; the gradient flows to x only.
 */
public final class Rotary {
    private Rotary() {
    }

    /**
     * Rotates x (B, H, T, HS) by the table rows {@code rows[b·T + t]} (usually the positions).
     */
    public static Tensor apply(Tape tape, Tensor x, RotaryTable table, int[] rows) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("rotary: x " + x.shapeString() + " must be (B, H, T, HS)");
        }
        int B = x.dim(0);
        int H = x.dim(1);
        int T = x.dim(2);
        int HS = x.dim(3);
        int rotDim = table.rotDim();
        if (rotDim > HS) {
            throw new IllegalArgumentException("rotary: rotDim " + rotDim + " exceeds head size " + HS + " of x " + x.shapeString());
        }
        if (rows.length != B * T) {
            throw new IllegalArgumentException("rotary: " + rows.length + " table rows given, x " + x.shapeString() + " needs B*T = " + B * T);
        }
        for (int row : rows) {
            if (row < 0 || row >= table.rows()) {
                throw new IllegalArgumentException("rotary: table row " + row + " is outside the table of " + table.rows() + " rows");
            }
        }
        Tensor y = tape.output(x.shape(), x);
        RotaryKernels.rotate(table.pairing(), y.data(), x.data(), table.cos(), table.sin(), rows, B, H, T, HS, rotDim, false, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> RotaryKernels.rotate(table.pairing(), x.grad(), y.grad(), table.cos(), table.negSin(), rows,
                    B, H, T, HS, rotDim, true, tape.pool()));
        }
        return y;
    }
}
