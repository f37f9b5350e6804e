package io.github.swapformer.arch.block;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Dropout;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * One residual connection around a sublayer, with the norms its {@link NormPlacement} asks for and
 * residual dropout. DeepNorm (Wang et al. 2022, arXiv 2203.00555) is POST with the residual branch
 * scaled: x ← norm(α·x + f(x)); α = 1 otherwise.
 */
public final class Residual extends Module {
    private final NormPlacement placement;
    private final Layer norm;
    private final Layer postNorm; // the second norm of SANDWICH, else null
    private final Dropout dropout;
    private final float alpha;

    public Residual(NormPlacement placement, NormKind kind, int dim, double eps, double dropout, double alpha) {
        this.placement = placement;
        this.norm = child("norm", kind.create(dim, eps));
        this.postNorm = placement == NormPlacement.SANDWICH ? child("post_norm", kind.create(dim, eps)) : null;
        this.dropout = child("dropout", new Dropout(dropout));
        this.alpha = (float) alpha;
    }

    /** x (B, T, C) → x with the sublayer's contribution added, normalized as placed. */
    public Tensor apply(Tape tape, Tensor x, UnaryOperator<Tensor> sublayer) {
        return switch (placement) {
            case PRE -> Elementwise.add(tape, x, dropout.forward(tape, sublayer.apply(norm.forward(tape, x))));
            case SANDWICH -> Elementwise.add(tape, x,
                    dropout.forward(tape, postNorm.forward(tape, sublayer.apply(norm.forward(tape, x)))));
            case POST -> norm.forward(tape, Elementwise.add(tape, scaled(tape, x), dropout.forward(tape, sublayer.apply(x))));
        };
    }

    /** The first norm (PRE/SANDWICH: before the sublayer; POST: after the sum). */
    public Layer norm() {
        return norm;
    }

    /** The second norm of SANDWICH (after the sublayer), or {@code null} for the other placements. */
    public Layer postNorm() {
        return postNorm;
    }

    /** The residual's weight α in POST placement: DeepNorm's (2N)^¼, else 1. */
    public float alpha() {
        return alpha;
    }

    private Tensor scaled(Tape tape, Tensor x) {
        return alpha == 1f ? x : Elementwise.scale(tape, x, alpha);
    }
}
