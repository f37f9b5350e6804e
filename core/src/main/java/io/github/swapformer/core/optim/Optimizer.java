package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates a fixed list of parameters from their gradients. The learning rate is passed to every
 * {@link #step} because a schedule ({@link LrSchedule}) computes it; the optimizer keeps no clock
 * of its own besides the count of steps taken (which bias correction needs).
 *
 * <p>{@link #state()} and {@link #loadState} let a trainer write the optimizer next to the model
 * (as safetensors) and resume so that the resumed run is bitwise identical to an uninterrupted one.
 */
public interface Optimizer {
    /** Applies one update to every parameter from its current gradient, with learning rate {@code lr}. */
    void step(double lr);

    /** The number of updates applied so far (0 before the first {@link #step}). */
    int steps();

    /** The parameters this optimizer updates, in the order they were given. */
    List<Parameter> parameters();

    /**
     * A copy of the state needed to resume: per-parameter buffers named {@code <param>.<buffer>}
     * and the step count under {@code step} (a one-element tensor holding an integer value).
     */
    Map<String, Tensor> state();

    /**
     * Replaces the state with {@code state}, as returned by {@link #state()} of an optimizer of the
     * same kind over parameters of the same names and shapes. Nothing is changed unless every
     * entry is present, has the right shape, and no unknown entry appears.
     *
     * @throws IllegalArgumentException naming the first entry that is missing, unknown or misshapen
     */
    void loadState(Map<String, Tensor> state);

    /** Sets the gradient of every parameter to zero. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.tensor().zeroGrad();
        }
    }
}
