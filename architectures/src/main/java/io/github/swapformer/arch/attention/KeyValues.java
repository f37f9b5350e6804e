package io.github.swapformer.arch.attention;

import io.github.swapformer.core.tensor.Tensor;

/**
 * Keys and values as the kernels read them: head (b, g) of NKV heads starts at
 * {@code (b·NKV + g)·capacity·HS} and its first {@code length} rows are valid. Fresh projections
 * have capacity = length and carry their tensors (for gradients); a {@link KvCache} slot lends its
 * preallocated storage, rows past {@code length} unused.
 */
record KeyValues(float[] keys, float[] values, Tensor keyTensor, Tensor valueTensor,
                 int batch, int heads, int length, int capacity, int headDim) {

    /** k, v (B, NKV, S, HS) as they come from the projections. */
    static KeyValues of(Tensor k, Tensor v) {
        if (k.rank() != 4 || !k.sameShape(v)) {
            throw new IllegalArgumentException("keys " + k.shapeString() + " and values " + v.shapeString()
                    + " must both be (B, NKV, S, HS)");
        }
        return new KeyValues(k.data(), v.data(), k, v, k.dim(0), k.dim(1), k.dim(2), k.dim(2), k.dim(3));
    }

    /** Offset of the first row of key/value head g of batch row b. */
    int base(int b, int g) {
        return (b * heads + g) * capacity * headDim;
    }

    boolean keysNeedGrad() {
        return keyTensor != null && keyTensor.requiresGrad();
    }

    boolean valuesNeedGrad() {
        return valueTensor != null && valueTensor.requiresGrad();
    }
}
