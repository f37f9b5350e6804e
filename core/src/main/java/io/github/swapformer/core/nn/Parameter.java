package io.github.swapformer.core.nn;

import io.github.swapformer.core.tensor.Tensor;
import java.util.Objects;

/** A learned tensor with its dotted name in the model (its state-dict key) and its kind. */
public record Parameter(String name, Tensor tensor, ParamKind kind) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(kind, "kind");
        if (!tensor.requiresGrad()) {
            throw new IllegalArgumentException("parameter " + name + " has no gradient buffer");
        }
    }
}
