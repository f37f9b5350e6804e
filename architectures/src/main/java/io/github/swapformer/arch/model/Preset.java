package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.T5Bias;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Published model shapes by their Hugging Face names, each a {@link TransformerConfig} whose
 * {@link ParameterCount} is the published count: gpt2 124,439,808; gpt2-medium 354,823,168;
 * bert-base-uncased 109,482,240 (with pooler, as {@code BertModel}); bert-large-uncased
 * 335,141,888; t5-small 60,506,624; llama-2-7b 6,738,415,616. Sources: each checkpoint's
 * {@code config.json} on the Hugging Face hub, and the papers (Radford et al. 2019; Devlin et al.
 * 2019; Raffel et al. 2020; Touvron et al. 2023, arXiv 2307.09288).
 */
public enum Preset {
    GPT2("gpt2", () -> gpt2(768, 12, 12)),
    GPT2_MEDIUM("gpt2-medium", () -> gpt2(1024, 16, 24)),
    BERT_BASE_UNCASED("bert-base-uncased", () -> bert(768, 12, 12)),
    BERT_LARGE_UNCASED("bert-large-uncased", () -> bert(1024, 16, 24)),
    T5_SMALL("t5-small", Preset::t5Small),
    LLAMA_2_7B("llama-2-7b", Preset::llama2With7b);

    private final String id;
    private final Supplier<TransformerConfig> config;

    Preset(String id, Supplier<TransformerConfig> config) {
        this.id = id;
        this.config = config;
    }

    /** The Hugging Face name, e.g. {@code gpt2-medium}. */
    public String id() {
        return id;
    }

    public TransformerConfig config() {
        return config.get();
    }

    /** The preset of a Hugging Face name (case-insensitive). */
    public static Preset byName(String name) {
        for (Preset p : values()) {
            if (p.id.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("preset '" + name + "' is unknown; known presets: "
                + Arrays.stream(values()).map(Preset::id).toList());
    }

    /** GPT-2: learned positions (1024), pre-LayerNorm (eps 1e-5), tanh-GELU MLP of 4d, biases, tied head, dropout 0.1. */
    private static TransformerConfig gpt2(int d, int heads, int layers) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5,
                FfnSpec.of(FfnKind.MLP_GELU).withGelu(Activation.GELU_TANH), true, 0.1, 0.1, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, 50257, d, heads, heads, layers, 0, 1024,
                LearnedAbsolute.Spec.defaults(), block, HeadTying.TIED, true, 0, EncoderHeads.none(),
                SpecialIds.firstFour(), EmbeddingSharing.SHARED, InitScheme.GPT2);
    }

    /** BERT: learned positions (512), 2 segments, post-LayerNorm (eps 1e-12), exact-GELU MLP of 4d, pooler. */
    private static TransformerConfig bert(int d, int heads, int layers) {
        BlockSpec block = new BlockSpec(NormPlacement.POST, NormKind.LAYER_NORM, 1e-12,
                FfnSpec.of(FfnKind.MLP_GELU), true, 0.1, 0.1, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.ENCODER_ONLY, 30522, d, heads, heads, layers, 0, 512,
                LearnedAbsolute.Spec.defaults(), block, HeadTying.TIED, true, 2, EncoderHeads.pooled(),
                SpecialIds.bertUncased(), EmbeddingSharing.SHARED, InitScheme.BERT);
    }

    /**
     * t5-small: 6 + 6 layers of d 512, 8 heads of 64, ReLU MLP of 2048 without biases, pre-RMSNorm
     * (eps 1e-6), unscaled scores with a bucketed relative bias (32 buckets, 128) per stack,
     * shared and tied embeddings.
     */
    private static TransformerConfig t5Small() {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-6,
                FfnSpec.of(FfnKind.MLP_RELU).withHidden(2048).withBias(false), false, 0.1, 0.1, ResidualScaling.NONE);
        T5Bias.Spec bias = new T5Bias.Spec(32, 128, BiasDirection.FOLLOW_MASK, T5Bias.Sharing.SHARED_ACROSS_LAYERS);
        return new TransformerConfig(ArchitectureKind.ENCODER_DECODER, 32128, 512, 8, 8, 6, 6, 512,
                bias, block, HeadTying.TIED, false, 0, EncoderHeads.none(),
                SpecialIds.firstFour(), EmbeddingSharing.SHARED, InitScheme.T5);
    }

    /** LLaMA-2 7B: 32 layers of d 4096, 32 heads, RoPE, pre-RMSNorm (eps 1e-5), SwiGLU of 11008 without biases, untied head. */
    private static TransformerConfig llama2With7b() {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5,
                FfnSpec.of(FfnKind.SWIGLU).withHidden(11008).withMultipleOf(256).withBias(false), false, 0.0, 0.0,
                ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, 32000, 4096, 32, 32, 32, 0, 4096,
                Rope.Spec.defaults(), block, HeadTying.UNTIED, true, 0, EncoderHeads.none(),
                SpecialIds.firstFour(), EmbeddingSharing.SHARED, InitScheme.BERT);
    }
}
