package io.github.swapformer.core.tensor;

import java.util.Arrays;

/**
 * A float32 tensor: a contiguous row-major {@code float[]} and a shape, plus a gradient buffer of
 * the same size when the tensor takes part in backpropagation.
 *
 * <p>There are no strided views: an op that needs another layout writes it. {@link #reshape}
 * shares both the data and the gradient, so gradients flow through reshapes for free.
 */
public final class Tensor {
    private final float[] data;
    private final float[] grad; // null when this tensor needs no gradient
    private final int[] shape;

    private Tensor(float[] data, float[] grad, int[] shape) {
        this.data = data;
        this.grad = grad;
        this.shape = shape;
    }

    /** A tensor of zeros that needs no gradient. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[checkedSize(shape)], null, shape.clone());
    }

    /** A tensor of zeros with a gradient buffer: a parameter, or an op output on a recording tape. */
    public static Tensor zerosWithGrad(int... shape) {
        int n = checkedSize(shape);
        return new Tensor(new float[n], new float[n], shape.clone());
    }

    /** Wraps {@code data} (not copied) with the given shape; no gradient. */
    public static Tensor of(float[] data, int... shape) {
        requireLength(data.length, shape);
        return new Tensor(data, null, shape.clone());
    }

    /** A zero tensor shaped like this one, with a gradient buffer iff {@code withGrad}. */
    public static Tensor zeros(boolean withGrad, int... shape) {
        return withGrad ? zerosWithGrad(shape) : zeros(shape);
    }

    /** A copy of this tensor's data (and, if present, of its gradient) in new arrays. */
    public Tensor copy() {
        return new Tensor(data.clone(), grad == null ? null : grad.clone(), shape.clone());
    }

    /** The same data (and gradient) seen with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        requireLength(data.length, newShape);
        return new Tensor(data, grad, newShape.clone());
    }

    /** This tensor's data, with a fresh gradient buffer: makes a leaf that backpropagation can reach. */
    public Tensor withGrad() {
        return grad != null ? this : new Tensor(data, new float[data.length], shape);
    }

    /** The underlying array: row-major, offset 0, length {@link #size()}. */
    public float[] data() {
        return data;
    }

    /** The gradient buffer, or {@code null} when this tensor needs no gradient. */
    public float[] grad() {
        return grad;
    }

    public boolean requiresGrad() {
        return grad != null;
    }

    /** Sets the gradient to zero (no-op without one). */
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of axis {@code i}; negative {@code i} counts from the end ({@code -1} is the last axis). */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int size() {
        return data.length;
    }

    /** Product of all axes but the last: the number of rows when the last axis is a feature axis. */
    public int rows() {
        return shape.length == 0 ? 1 : data.length / Math.max(1, shape[shape.length - 1]);
    }

    /** The element at a multi-index (for tests and small reads; kernels index {@link #data()} directly). */
    public float get(int... index) {
        return data[flatIndex(index)];
    }

    public void set(float value, int... index) {
        data[flatIndex(index)] = value;
    }

    /** The single value of a one-element tensor (a loss). */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + shapeString());
        }
        return data[0];
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Whether {@code other} has the same shape as this tensor. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString() + (grad != null ? " (grad)" : "");
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(
                    "index " + Arrays.toString(index) + " has rank " + index.length + ", tensor has shape " + shapeString());
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " is outside shape " + shapeString());
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    private static int checkedSize(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    private static void requireLength(int length, int[] shape) {
        int n = checkedSize(shape);
        if (n != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + length);
        }
    }
}
