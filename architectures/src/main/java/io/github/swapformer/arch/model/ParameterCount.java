package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.positional.Fire;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.PositionalSpec;
import io.github.swapformer.positional.ShawRelative;
import io.github.swapformer.positional.T5Bias;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The number of learned values of the model a config describes, computed from the config alone —
 * no weight is allocated, so it works for a 7B preset — in total and per component. Component
 * names follow the state dict with the layer index dropped: {@code tokens}, {@code positional},
 * {@code blocks.self_attention}, {@code blocks.cross_attention}, {@code blocks.ffn},
 * {@code blocks.norms}, {@code final_norm}, {@code head}, BERT's {@code segments},
 * {@code embedding_norm}, {@code pooler}, {@code mlm}, {@code nsp}, {@code classifier}; an
 * encoder-decoder's stacks are prefixed {@code encoder.} and {@code decoder.}. Equals
 * {@code Models.create(config, seed).parameterCount()} (tested).
 */
public record ParameterCount(long total, Map<String, Long> components) {
    public ParameterCount {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    public static ParameterCount of(TransformerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required (got null)");
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        long d = config.dModel();
        long v = config.vocabSize();
        switch (config.architecture()) {
            case DECODER_ONLY -> {
                parts.put("tokens", v * d);
                stack(config, "", config.nLayers(), false, parts);
            }
            case ENCODER_ONLY -> encoderOnly(config, parts);
            case ENCODER_DECODER -> {
                if (config.embeddingSharing() == EmbeddingSharing.SHARED) {
                    parts.put("tokens", v * d);
                } else {
                    parts.put("encoder_tokens", v * d);
                    parts.put("decoder_tokens", v * d);
                }
                stack(config, "encoder.", config.nLayers(), false, parts);
                stack(config, "decoder.", config.nDecoderLayers(), true, parts);
            }
        }
        if (config.head() == HeadTying.UNTIED && config.architecture() != ArchitectureKind.ENCODER_ONLY) {
            parts.put("head", v * d);
        }
        long total = 0;
        for (long n : parts.values()) {
            total += n;
        }
        return new ParameterCount(total, parts);
    }

    private static void encoderOnly(TransformerConfig config, Map<String, Long> parts) {
        long d = config.dModel();
        long v = config.vocabSize();
        long norm = norm(config.block(), config.dModel());
        parts.put("tokens", v * d);
        if (config.segments() > 0) {
            parts.put("segments", config.segments() * d);
        }
        parts.put("positional", positional(config.positional(), config)); // listed before the norm it feeds
        if (config.block().placement() == NormPlacement.POST) {
            parts.put("embedding_norm", norm);
        }
        stack(config, "", config.nLayers(), false, parts);
        EncoderHeads heads = config.encoderHeads();
        if (heads.pooler()) {
            parts.put("pooler", d * d + d);
        }
        if (heads.mlm()) {
            parts.put("mlm", d * d + d + norm + v + (config.head() == HeadTying.UNTIED ? v * d : 0));
        }
        if (heads.nsp()) {
            parts.put("nsp", 2 * d + 2);
        }
        if (heads.classes() > 0) {
            parts.put("classifier", heads.classes() * d + heads.classes());
        }
    }

    /** A stack's positional encoding, blocks and final norm, under {@code prefix}. */
    private static void stack(TransformerConfig config, String prefix, int layers, boolean crossAttends, Map<String, Long> parts) {
        BlockSpec block = config.block();
        long attention = attention(config);
        int residuals = crossAttends ? 3 : 2;
        long perResidual = norm(block, config.dModel()) * (block.placement() == NormPlacement.SANDWICH ? 2 : 1);
        parts.put(prefix + "positional", positional(config.positional(), config));
        parts.put(prefix + "blocks.self_attention", layers * attention);
        if (crossAttends) {
            parts.put(prefix + "blocks.cross_attention", layers * attention);
        }
        parts.put(prefix + "blocks.ffn", layers * ffn(block.ffn(), config.dModel()));
        parts.put(prefix + "blocks.norms", layers * residuals * perResidual);
        if (block.placement().needsFinalNorm()) {
            parts.put(prefix + "final_norm", norm(block, config.dModel()));
        }
    }

    /** Query (d → NH·HS), key and value (d → NKV·HS), output (NH·HS → d), with biases when asked. */
    static long attention(TransformerConfig config) {
        long d = config.dModel();
        long q = (long) config.nHeads() * config.headDim();
        long kv = (long) config.nKvHeads() * config.headDim();
        long weights = d * q + 2 * d * kv + q * d;
        long biases = config.block().attentionBias() ? q + 2 * kv + d : 0;
        return weights + biases;
    }

    /** The MLP's two maps or the gated unit's three, with biases when asked; a MoE's experts and router. */
    static long ffn(FfnSpec spec, int dModel) {
        return spec.parameterCount(dModel);
    }

    /** A norm over d features: LayerNorm's gain and shift, RMSNorm's gain. */
    static long norm(BlockSpec block, int dModel) {
        return block.normKind() == NormKind.LAYER_NORM ? 2L * dModel : dModel;
    }

    /** The learned parameters of one instance of a positional encoding (one per stack). */
    static long positional(PositionalSpec spec, TransformerConfig config) {
        if (spec instanceof LearnedAbsolute.Spec s) {
            return (long) (s.maxPositions() > 0 ? s.maxPositions() : config.maxPositions()) * config.dModel();
        } else if (spec instanceof ShawRelative.Spec s) {
            long table = (2L * s.clip() + 1) * config.headDim();
            return s.terms() == ShawRelative.Terms.KEYS_AND_VALUES ? 2 * table : table;
        } else if (spec instanceof T5Bias.Spec s) {
            return (long) s.numBuckets() * config.nHeads();
        } else if (spec instanceof Fire.Spec s) {
            long w = s.mlpWidth();
            return 2 * w + config.nHeads() * w + config.nHeads() + 2;
        }
        return 0; // the fixed encodings: NoPE, sinusoidal, RoPE, ALiBi, xPos
    }

    /** One line per component and a total, with thousands separators. */
    public String table() {
        StringBuilder out = new StringBuilder();
        int width = 5;
        for (String name : components.keySet()) {
            width = Math.max(width, name.length());
        }
        for (Map.Entry<String, Long> e : components.entrySet()) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s %,16d%n", e.getKey(), e.getValue()));
        }
        out.append(String.format(Locale.ROOT, "%-" + width + "s %,16d%n", "total", total));
        return out.toString();
    }
}
