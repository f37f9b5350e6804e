package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ElementwiseKernels;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Concatenation and splitting along the last axis, with their backward: e.g. splitting a fused
 * q/k/v projection into its three parts, or joining attention heads. Tensors are contiguous, so
 * both ops copy rows; the backward of each is the other's copy, accumulated.
 */
public final class Shapes {
    /** Rows per chunk below which handing rows to another thread costs more than copying them. */
    private static final int MIN_ROWS = 64;

    private Shapes() {
    }

    /** Joins (..., C_i) tensors with the same leading axes into (..., Σ C_i). Backward: each part's slice of dy. */
    public static Tensor concat(Tape tape, List<Tensor> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("concat: parts is empty; at least one tensor is required");
        }
        Tensor first = parts.get(0);
        int[] widths = new int[parts.size()];
        int total = 0;
        for (int k = 0; k < parts.size(); k++) {
            Tensor p = parts.get(k);
            if (p.rank() == 0 || p.rank() != first.rank()
                    || !Arrays.equals(leading(p), leading(first))) {
                throw new IllegalArgumentException("concat: part " + k + " " + p.shapeString()
                        + " does not match part 0 " + first.shapeString() + " (same rank >= 1 and leading axes required)");
            }
            widths[k] = p.dim(-1);
            total += widths[k];
        }
        int rows = first.rows();
        int[] shape = first.shape();
        shape[shape.length - 1] = total;
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        Tensor y = tape.output(shape, inputs);
        int width = total;
        tape.pool().forRange(rows, MIN_ROWS, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int col = 0;
                for (int k = 0; k < inputs.length; k++) {
                    System.arraycopy(inputs[k].data(), r * widths[k], y.data(), r * width + col, widths[k]);
                    col += widths[k];
                }
            }
        });
        if (tape.needsGrad(inputs)) {
            tape.record(() -> tape.pool().forRange(rows, MIN_ROWS, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int col = 0;
                    for (int k = 0; k < inputs.length; k++) {
                        if (inputs[k].requiresGrad()) {
                            ElementwiseKernels.accumulateRange(inputs[k].grad(), r * widths[k], y.grad(), r * width + col, 1f, widths[k]);
                        }
                        col += widths[k];
                    }
                }
            }));
        }
        return y;
    }

    /** {@link #concat(Tape, List)} of the given parts. */
    public static Tensor concat(Tape tape, Tensor... parts) {
        return concat(tape, Arrays.asList(parts));
    }

    /** Cuts x (..., C) into parts (..., w_i) with Σ w_i = C. Backward: dx's slices += each part's dy. */
    public static List<Tensor> split(Tape tape, Tensor x, int... widths) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("split: input " + x.shapeString() + " has no last axis to split");
        }
        int C = x.dim(-1);
        int total = 0;
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("split: width " + w + " in " + Arrays.toString(widths) + " is not positive");
            }
            total += w;
        }
        if (widths.length == 0 || total != C) {
            throw new IllegalArgumentException("split: widths " + Arrays.toString(widths) + " sum to " + total
                    + ", the last axis of " + x.shapeString() + " has " + C);
        }
        int rows = x.rows();
        int[] w = widths.clone();
        List<Tensor> parts = new ArrayList<>(w.length);
        for (int width : w) {
            int[] shape = x.shape();
            shape[shape.length - 1] = width;
            parts.add(tape.output(shape, x));
        }
        tape.pool().forRange(rows, MIN_ROWS, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int col = 0;
                for (int k = 0; k < w.length; k++) {
                    System.arraycopy(x.data(), r * C + col, parts.get(k).data(), r * w[k], w[k]);
                    col += w[k];
                }
            }
        });
        if (tape.needsGrad(x)) {
            tape.record(() -> tape.pool().forRange(rows, MIN_ROWS, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int col = 0;
                    for (int k = 0; k < w.length; k++) {
                        ElementwiseKernels.accumulateRange(x.grad(), r * C + col, parts.get(k).grad(), r * w[k], 1f, w[k]);
                        col += w[k];
                    }
                }
            }));
        }
        return List.copyOf(parts);
    }

    private static int[] leading(Tensor t) {
        return Arrays.copyOf(t.shape(), t.rank() - 1);
    }
}
