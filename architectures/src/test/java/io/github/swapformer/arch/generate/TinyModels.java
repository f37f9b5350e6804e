package io.github.swapformer.arch.generate;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.Rope;

/** Small decoder-only models with weights large enough that their next-token distributions are peaked. */
final class TinyModels {
    static final int VOCAB = 13;

    private TinyModels() {
    }

    /** LLaMA's shape: RoPE, pre-RMSNorm, SwiGLU, grouped-query attention (4 heads, 2 kv heads), untied head. */
    static DecoderOnlyModel llama(long seed) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5,
                FfnSpec.of(FfnKind.SWIGLU).withBias(false), false, 0.0, 0.0, ResidualScaling.NONE);
        return peaked(new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, VOCAB, 16, 4, 2, 2, 0, 64,
                Rope.Spec.defaults(), block, HeadTying.UNTIED, true), seed), seed);
    }

    /** GPT-2's shape: learned absolute positions (32), pre-LayerNorm, GELU MLP, biases, tied head. */
    static DecoderOnlyModel gpt(long seed) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU),
                true, 0.0, 0.0, ResidualScaling.NONE);
        return peaked(new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, VOCAB, 16, 2, 2, 2, 0, 32,
                LearnedAbsolute.Spec.defaults(), block, HeadTying.TIED, true), seed), seed);
    }

    private static DecoderOnlyModel peaked(DecoderOnlyModel m, long seed) {
        Rng rng = new Rng(seed + 1);
        for (Parameter p : m.parameters()) {
            if (p.tensor().rank() >= 2) {
                Init.normal(p.tensor(), 0.3, rng);
            }
        }
        return m;
    }
}
