package io.github.swapformer.arch.block;

import io.github.swapformer.arch.ffn.FfnSpec;

/**
 * Everything a transformer block is made of besides attention geometry and position: where and
 * which norms, the feed-forward network, biases on the attention projections, residual and
 * attention dropout, and residual scaling.
 */
public record BlockSpec(NormPlacement placement, NormKind normKind, double normEps, FfnSpec ffn,
                        boolean attentionBias, double dropout, double attentionDropout, ResidualScaling residual) {
    public BlockSpec {
        if (placement == null || normKind == null || ffn == null || residual == null) {
            throw new IllegalArgumentException("block spec: placement, norm kind, ffn and residual scaling are required");
        }
        if (!(normEps > 0)) {
            throw new IllegalArgumentException("norm eps " + normEps + " must be positive");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout " + dropout + " is outside [0, 1)");
        }
        if (!(attentionDropout >= 0 && attentionDropout < 1)) {
            throw new IllegalArgumentException("attention dropout " + attentionDropout + " is outside [0, 1)");
        }
        if (residual == ResidualScaling.DEEPNORM && placement != NormPlacement.POST) {
            throw new IllegalArgumentException("DeepNorm residual scaling is defined for POST norm placement, not " + placement);
        }
    }

    public BlockSpec withPlacement(NormPlacement p) {
        return new BlockSpec(p, normKind, normEps, ffn, attentionBias, dropout, attentionDropout, residual);
    }

    public BlockSpec withNormKind(NormKind k) {
        return new BlockSpec(placement, k, normEps, ffn, attentionBias, dropout, attentionDropout, residual);
    }

    public BlockSpec withFfn(FfnSpec f) {
        return new BlockSpec(placement, normKind, normEps, f, attentionBias, dropout, attentionDropout, residual);
    }

    public BlockSpec withDropout(double residualDropout, double attnDropout) {
        return new BlockSpec(placement, normKind, normEps, ffn, attentionBias, residualDropout, attnDropout, residual);
    }

    public BlockSpec withResidual(ResidualScaling r) {
        return new BlockSpec(placement, normKind, normEps, ffn, attentionBias, dropout, attentionDropout, r);
    }
}
