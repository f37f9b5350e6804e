package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.EmbeddingSharing;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.InitScheme;
import io.github.swapformer.arch.model.SpecialIds;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.T5Bias;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face's T5 layout (Raffel et al. 2020, JMLR 21(140); {@code modeling_t5.py}): one
 * {@code shared} token table, encoder and decoder stacks of pre-RMSNorm blocks without biases,
 * unscaled attention with a bucketed relative bias stored in each stack's first block and shared by
 * its layers, a ReLU MLP (T5 1.0) or gated-GELU (T5 1.1, {@code wi_0} the gate, {@code wi_1} the
 * linear branch), and a head tied to {@code shared} (output scaled by d^−½) or {@code lm_head}.
 */
final class T5Format implements CheckpointFormat {
    private static final String BIAS = "block.0.layer.0.SelfAttention.relative_attention_bias.weight";
    private static final String[][] PROJECTIONS = {{"q", "query"}, {"k", "key"}, {"v", "value"}, {"o", "output"}};

    @Override
    public boolean fits(TransformerConfig c) {
        BlockSpec b = c.block();
        FfnKind ffn = b.ffn().kind();
        return c.architecture() == ArchitectureKind.ENCODER_DECODER && !c.scaledScores() && c.nKvHeads() == c.nHeads()
                && c.embeddingSharing() == EmbeddingSharing.SHARED
                && c.positional() instanceof T5Bias.Spec t && t.direction() == BiasDirection.FOLLOW_MASK
                && t.sharing() == T5Bias.Sharing.SHARED_ACROSS_LAYERS
                && b.placement() == NormPlacement.PRE && b.normKind() == NormKind.RMS_NORM
                && b.residual() == ResidualScaling.NONE && !b.attentionBias() && !b.ffn().bias()
                && b.dropout() == b.attentionDropout() && feedForwardProj(b.ffn()) != null;
    }

    /** transformers' {@code feed_forward_proj} for a feed-forward spec, or null when it has none. */
    private static String feedForwardProj(FfnSpec f) {
        return switch (f.kind()) {
            case MLP_RELU -> "relu";
            case MLP_GELU -> f.gelu() == Activation.GELU ? "gelu" : "gelu_new";
            case REGLU -> "gated-relu";
            case GEGLU -> f.gelu() == Activation.GELU ? "gated-gelu_python" : "gated-gelu";
            case SWIGLU -> "gated-silu";
            default -> null;
        };
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json, Set<String> names) throws CheckpointFormatException {
        // Defaults are those of transformers' T5Config, used when a key is absent.
        int d = json.intOr("d_model", 512);
        int heads = json.intOr("num_heads", 8);
        if (heads > 0 && json.intOr("d_kv", 64) * heads != d) {
            throw json.unsupported("d_kv", json.intOr("d_kv", 64), "only d_model / num_heads = " + (d / heads));
        }
        FfnSpec ffn = feedForward(json, json.stringOr("feed_forward_proj", "relu"));
        ffn = ffn.withHidden(json.intOr("d_ff", 2048));
        int pad = json.intOr("pad_token_id", 0);
        int start = json.intOr("decoder_start_token_id", pad);
        if (start != pad) {
            throw json.unsupported("decoder_start_token_id", start, "only pad_token_id " + pad + " (the decoder starts from [PAD])");
        }
        double dropout = json.doubleOr("dropout_rate", 0.1);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, json.doubleOr("layer_norm_epsilon", 1e-6), ffn,
                false, dropout, dropout, ResidualScaling.NONE);
        T5Bias.Spec bias = new T5Bias.Spec(json.intOr("relative_attention_num_buckets", 32),
                json.intOr("relative_attention_max_distance", 128), BiasDirection.FOLLOW_MASK, T5Bias.Sharing.SHARED_ACROSS_LAYERS);
        int layers = json.intOr("num_layers", 6);
        SpecialIds ids = pad == 0 ? SpecialIds.firstFour() : new SpecialIds(pad, 1, 2, 3);
        HeadTying tying = json.booleanOr("tie_word_embeddings", true) ? HeadTying.TIED : HeadTying.UNTIED;
        // T5 has no position table: n_positions only bounds what the model is asked to read.
        return new TransformerConfig(ArchitectureKind.ENCODER_DECODER, json.intOr("vocab_size", 32128), d, heads, heads, layers,
                json.intOr("num_decoder_layers", layers), json.intOr("n_positions", 512), bias, block, tying, false, 0,
                EncoderHeads.none(), ids, EmbeddingSharing.SHARED, InitScheme.T5);
    }

    /**
     * transformers' {@code feed_forward_proj}: "[gated-]act"; "gated-gelu" alone means the tanh form
     * (gelu_new, as T5 1.1 trained it), so exact GELU gated is written "gated-gelu_python".
     */
    private static FfnSpec feedForward(ConfigJson json, String proj) throws CheckpointFormatException {
        boolean gated = proj.startsWith("gated-");
        String act = gated ? proj.substring(6) : proj;
        Activation gelu = (gated && act.equals("gelu")) || act.equals("gelu_new") || act.equals("gelu_pytorch_tanh")
                ? Activation.GELU_TANH : Activation.GELU;
        FfnKind kind = switch (act) {
            case "relu" -> gated ? FfnKind.REGLU : FfnKind.MLP_RELU;
            case "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_python" -> gated ? FfnKind.GEGLU : FfnKind.MLP_GELU;
            case "silu", "swish" -> gated ? FfnKind.SWIGLU : null;
            default -> null;
        };
        if (kind == null) {
            throw json.unsupported("feed_forward_proj", proj,
                    "relu, gelu, gelu_new, gelu_pytorch_tanh, gelu_python, each also gated-, and gated-silu");
        }
        return new FfnSpec(kind, 0, 1, false, gelu);
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("architectures").add("T5ForConditionalGeneration");
        o.put("model_type", "t5");
        o.put("vocab_size", c.vocabSize());
        o.put("d_model", c.dModel());
        o.put("d_kv", c.headDim());
        o.put("d_ff", CheckpointFormat.ffnHidden(c));
        o.put("num_layers", c.nLayers());
        o.put("num_decoder_layers", c.nDecoderLayers());
        o.put("num_heads", c.nHeads());
        T5Bias.Spec bias = (T5Bias.Spec) c.positional();
        o.put("relative_attention_num_buckets", bias.numBuckets());
        o.put("relative_attention_max_distance", bias.maxDistance());
        o.put("dropout_rate", c.block().dropout());
        o.put("layer_norm_epsilon", c.block().normEps());
        o.put("feed_forward_proj", feedForwardProj(c.block().ffn()));
        o.put("tie_word_embeddings", c.head() == HeadTying.TIED);
        o.put("is_encoder_decoder", true);
        o.put("pad_token_id", c.specialIds().pad());
        o.put("decoder_start_token_id", c.specialIds().pad());
        o.put("n_positions", c.maxPositions());
        o.put("torch_dtype", "float32");
        return o;
    }

    @Override
    public Map<String, Tensor> toState(TensorSource src, TransformerConfig c, Map<String, Tensor> expected)
            throws CheckpointFormatException {
        int d = c.dModel();
        int v = c.vocabSize();
        Map<String, Tensor> s = new LinkedHashMap<>();
        Tensor shared = src.take(src.has("shared.weight") ? "shared.weight" : "encoder.embed_tokens.weight", v, d);
        s.put("tokens.weight", shared);
        // transformers ties these to shared; files may hold them as copies.
        for (String copy : new String[] {"encoder.embed_tokens.weight", "decoder.embed_tokens.weight"}) {
            sameAs(src, copy, shared, "shared.weight", v, d);
        }
        T5Bias.Spec bias = (T5Bias.Spec) c.positional();
        for (String stack : new String[] {"encoder", "decoder"}) {
            boolean decoder = stack.equals("decoder");
            s.put(stack + ".positional.weight", src.take(stack + "." + BIAS, bias.numBuckets(), c.nHeads()));
            int layers = decoder ? c.nDecoderLayers() : c.nLayers();
            for (int i = 0; i < layers; i++) {
                String p = stack + ".block." + i + ".layer.";
                String b = stack + ".blocks." + i + ".";
                attention(src, p + "0.SelfAttention.", s, b + "self_attention.", d);
                s.put(b + "self_residual.norm.weight", src.take(p + "0.layer_norm.weight", d));
                if (decoder) {
                    attention(src, p + "1.EncDecAttention.", s, b + "cross_attention.", d);
                    s.put(b + "cross_residual.norm.weight", src.take(p + "1.layer_norm.weight", d));
                }
                String f = p + (decoder ? "2." : "1.");
                feedForward(src, f + "DenseReluDense.", s, b + "ffn.", c);
                s.put(b + "ffn_residual.norm.weight", src.take(f + "layer_norm.weight", d));
            }
            s.put(stack + ".final_norm.weight", src.take(stack + ".final_layer_norm.weight", d));
        }
        if (c.head() == HeadTying.UNTIED) {
            s.put("head.weight", src.take("lm_head.weight", v, d));
        } else {
            sameAs(src, "lm_head.weight", shared, "shared.weight", v, d);
        }
        src.requireAllTaken();
        return s;
    }

    /** A stored copy of a tied tensor must equal it. */
    private static void sameAs(TensorSource src, String name, Tensor tied, String tiedName, int... shape)
            throws CheckpointFormatException {
        if (src.has(name) && src.take(name, shape) != tied && !Arrays.equals(src.take(name, shape).data(), tied.data())) {
            throw new CheckpointFormatException(src.file(), "tensor " + name + " differs from " + tiedName
                    + ", but transformers ties them (tie_word_embeddings)");
        }
    }

    private static void attention(TensorSource src, String theirs, Map<String, Tensor> s, String ours, int d)
            throws CheckpointFormatException {
        for (String[] p : PROJECTIONS) {
            s.put(ours + p[1] + ".weight", src.take(theirs + p[0] + ".weight", d, d));
        }
    }

    private static void feedForward(TensorSource src, String theirs, Map<String, Tensor> s, String ours, TransformerConfig c)
            throws CheckpointFormatException {
        int d = c.dModel();
        int h = CheckpointFormat.ffnHidden(c);
        if (c.block().ffn().kind().gated()) {
            s.put(ours + "gate.weight", src.take(theirs + "wi_0.weight", h, d));
            s.put(ours + "up.weight", src.take(theirs + "wi_1.weight", h, d));
        } else {
            s.put(ours + "up.weight", src.take(theirs + "wi.weight", h, d));
        }
        s.put(ours + "down.weight", src.take(theirs + "wo.weight", d, h));
    }

    @Override
    public Map<String, Tensor> fromState(Map<String, Tensor> s, TransformerConfig c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("shared.weight", s.get("tokens.weight"));
        boolean gated = c.block().ffn().kind().gated();
        for (String stack : new String[] {"encoder", "decoder"}) {
            boolean decoder = stack.equals("decoder");
            out.put(stack + "." + BIAS, s.get(stack + ".positional.weight"));
            int layers = decoder ? c.nDecoderLayers() : c.nLayers();
            for (int i = 0; i < layers; i++) {
                String p = stack + ".block." + i + ".layer.";
                String b = stack + ".blocks." + i + ".";
                for (String[] q : PROJECTIONS) {
                    out.put(p + "0.SelfAttention." + q[0] + ".weight", s.get(b + "self_attention." + q[1] + ".weight"));
                }
                out.put(p + "0.layer_norm.weight", s.get(b + "self_residual.norm.weight"));
                if (decoder) {
                    for (String[] q : PROJECTIONS) {
                        out.put(p + "1.EncDecAttention." + q[0] + ".weight", s.get(b + "cross_attention." + q[1] + ".weight"));
                    }
                    out.put(p + "1.layer_norm.weight", s.get(b + "cross_residual.norm.weight"));
                }
                String f = p + (decoder ? "2." : "1.");
                if (gated) {
                    out.put(f + "DenseReluDense.wi_0.weight", s.get(b + "ffn.gate.weight"));
                    out.put(f + "DenseReluDense.wi_1.weight", s.get(b + "ffn.up.weight"));
                } else {
                    out.put(f + "DenseReluDense.wi.weight", s.get(b + "ffn.up.weight"));
                }
                out.put(f + "DenseReluDense.wo.weight", s.get(b + "ffn.down.weight"));
                out.put(f + "layer_norm.weight", s.get(b + "ffn_residual.norm.weight"));
            }
            out.put(stack + ".final_layer_norm.weight", s.get(stack + ".final_norm.weight"));
        }
        if (c.head() == HeadTying.UNTIED) {
            out.put("lm_head.weight", s.get("head.weight"));
        }
        return out;
    }
}
