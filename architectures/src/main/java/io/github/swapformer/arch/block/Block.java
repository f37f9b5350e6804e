package io.github.swapformer.arch.block;

import io.github.swapformer.arch.attention.Attention;
import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.arch.ffn.ExpertUsage;
import io.github.swapformer.arch.ffn.MixtureOfExperts;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import java.util.Optional;

/**
 * One transformer block: self-attention, optionally cross-attention over an encoder's memory (the
 * decoder of an encoder-decoder), and a feed-forward network, each inside a {@link Residual}. A
 * Mixture-of-Experts FFN's router losses are the block's {@linkplain #auxiliaryLoss auxiliary loss}.
 */
public final class Block extends Module implements AuxiliaryLoss {
    private final Residual selfResidual;
    private final Attention selfAttention;
    private final Residual crossResidual; // null unless cross-attending
    private final Attention crossAttention;
    private final Residual ffnResidual;
    private final Layer ffn;

    /**
     * @param layers the depth of the stack, for DeepNorm's α
     * @param scaled whether attention divides scores by √HS
     */
    public Block(AttentionShape shape, BlockSpec spec, int layers, boolean crossAttends, boolean scaled) {
        int d = shape.dModel();
        double alpha = spec.residual().alpha(layers);
        this.selfResidual = child("self_residual", residual(spec, d, alpha));
        this.selfAttention = child("self_attention", new Attention(shape, spec.attentionBias(), scaled, spec.attentionDropout()));
        if (crossAttends) {
            this.crossResidual = child("cross_residual", residual(spec, d, alpha));
            this.crossAttention = child("cross_attention", new Attention(shape, spec.attentionBias(), scaled, spec.attentionDropout()));
        } else {
            this.crossResidual = null;
            this.crossAttention = null;
        }
        this.ffnResidual = child("ffn_residual", residual(spec, d, alpha));
        this.ffn = child("ffn", spec.ffn().kind().create(spec.ffn(), d));
    }

    /** A block without cross-attention (decoder-only, encoder). */
    public Tensor forward(Tape tape, Tensor x, AttentionContext ctx, KvCache.Slot cache) {
        return forward(tape, x, ctx, cache, null, null);
    }

    /** x (B, T, C) → (B, T, C); memory (B, S, C) and its mask (B, 1, T, S) when cross-attending. */
    public Tensor forward(Tape tape, Tensor x, AttentionContext ctx, KvCache.Slot cache, Tensor memory, Tensor memoryMask) {
        Tensor h = selfResidual.apply(tape, x, y -> selfAttention.forward(tape, y, ctx, cache));
        if (crossAttention != null) {
            if (memory == null) {
                throw new IllegalArgumentException("this block cross-attends: it needs the encoder's memory");
            }
            h = crossResidual.apply(tape, h, y -> crossAttention.forwardCross(tape, y, memory, memoryMask));
        }
        return ffnResidual.apply(tape, h, y -> ffn.forward(tape, y));
    }

    /** The FFN's auxiliary losses from forward passes on {@code tape} (a MoE's router losses), or null. */
    @Override
    public Tensor auxiliaryLoss(Tape tape) {
        return ffn instanceof AuxiliaryLoss a ? a.auxiliaryLoss(tape) : null;
    }

    /** The usage of this block's experts when its FFN is a Mixture of Experts (for the reports). */
    public Optional<ExpertUsage> expertUsage() {
        return ffn instanceof MixtureOfExperts moe ? Optional.of(moe.usage()) : Optional.empty();
    }

    public Attention selfAttention() {
        return selfAttention;
    }

    /** The cross-attention, or {@code null} in a block without one. */
    public Attention crossAttention() {
        return crossAttention;
    }

    public Layer ffn() {
        return ffn;
    }

    public Residual selfResidual() {
        return selfResidual;
    }

    public Residual crossResidual() {
        return crossResidual;
    }

    public Residual ffnResidual() {
        return ffnResidual;
    }

    private static Residual residual(BlockSpec spec, int d, double alpha) {
        return new Residual(spec.placement(), spec.normKind(), d, spec.normEps(), spec.dropout(), alpha);
    }
}
