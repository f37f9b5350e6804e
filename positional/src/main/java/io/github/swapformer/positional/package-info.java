/**
 * Positional encodings (DESIGN.md §5): the {@link io.github.swapformer.positional.PositionalEncoding}
 * hooks that attention calls without asking which encoding it has, one class with its {@code Spec}
 * record per encoding, and the {@link io.github.swapformer.positional.PositionalKind} registry.
 *
 * <p>Conventions: scores = q·kᵀ/√HS + bias, biases added before the mask and softmax; relative
 * distances are key position − query position; positions are explicit
 * ({@link io.github.swapformer.positional.Positions}). Kernels (rotation, relative gather/scatter,
 * absolute row add) have a scalar specification and a Vector API twin where they are hot; Shaw's
 * products reuse core's matmul kernels; FIRE's MLP and the scatter (backward) kernels are scalar.
 */
package io.github.swapformer.positional;
