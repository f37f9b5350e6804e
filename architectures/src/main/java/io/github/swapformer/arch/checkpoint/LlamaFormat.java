package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.InitScheme;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.RopeScaling;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.RotaryPairing;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face's LLaMA layout (Touvron et al. 2023, arXiv 2302.13971; {@code modeling_llama.py}):
 * RoPE with the rotate-half pairing (dimension j rotates with j + HS/2) and {@code rope_theta},
 * pre-norm RMSNorm, SwiGLU {@code down(silu(gate(x)) * up(x))}, grouped-query attention through
 * {@code num_key_value_heads}, projections stored (out, in) like ours, tied or untied head.
 */
final class LlamaFormat implements CheckpointFormat {
    private static final String[][] ATTENTION = {{"q_proj", "query"}, {"k_proj", "key"}, {"v_proj", "value"}, {"o_proj", "output"}};
    private static final String[] MLP = {"gate", "up", "down"};

    @Override
    public boolean fits(TransformerConfig c) {
        BlockSpec b = c.block();
        FfnKind ffn = b.ffn().kind();
        return c.architecture() == ArchitectureKind.DECODER_ONLY && c.scaledScores()
                && c.positional() instanceof Rope.Spec r && r.rotaryFraction() == 1.0
                && r.pairing() == RotaryPairing.ROTATE_HALF && writableScaling(r.scaling(), c.maxPositions())
                && b.placement() == NormPlacement.PRE && b.normKind() == NormKind.RMS_NORM
                && b.residual() == ResidualScaling.NONE && b.dropout() == 0
                && (ffn == FfnKind.SWIGLU || ffn == FfnKind.GEGLU);
    }

    private static boolean writableScaling(RopeScaling s, int maxPositions) {
        return switch (s.kind()) {
            case NONE, LINEAR -> true;
            case DYNAMIC_NTK -> s.originalMaxPositions() == 0 || s.originalMaxPositions() == maxPositions;
            default -> false;
        };
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json, Set<String> tensorNames) throws CheckpointFormatException {
        // Defaults are those of transformers' LlamaConfig, used when a key is absent.
        int hidden = json.intOr("hidden_size", 4096);
        int heads = json.intOr("num_attention_heads", 32);
        int kvHeads = json.intOr("num_key_value_heads", heads);
        int maxPositions = json.intOr("max_position_embeddings", 2048);
        if (heads > 0 && json.intOr("head_dim", hidden / heads) != hidden / heads) {
            throw json.unsupported("head_dim", json.intOr("head_dim", 0), "only hidden_size / num_attention_heads = " + hidden / heads);
        }
        String act = json.stringOr("hidden_act", "silu");
        FfnSpec ffn = switch (act) {
            case "silu", "swish" -> new FfnSpec(FfnKind.SWIGLU, 0, 1, false, Activation.GELU);
            case "gelu" -> new FfnSpec(FfnKind.GEGLU, 0, 1, false, Activation.GELU);
            case "gelu_new", "gelu_pytorch_tanh" -> new FfnSpec(FfnKind.GEGLU, 0, 1, false, Activation.GELU_TANH);
            default -> throw json.unsupported("hidden_act", act, "silu, gelu, gelu_new or gelu_pytorch_tanh");
        };
        ffn = ffn.withHidden(json.intOr("intermediate_size", 11008)).withBias(json.booleanOr("mlp_bias", false));
        Rope.Spec rope = new Rope.Spec(json.doubleOr("rope_theta", 10000), 1.0, RotaryPairing.ROTATE_HALF, scaling(json, maxPositions));
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, json.doubleOr("rms_norm_eps", 1e-6), ffn,
                json.booleanOr("attention_bias", false), 0.0, json.doubleOr("attention_dropout", 0.0), ResidualScaling.NONE);
        HeadTying head = json.booleanOr("tie_word_embeddings", false) ? HeadTying.TIED : HeadTying.UNTIED;
        // Hugging Face initializes LLaMA as BERT: N(0, initializer_range²) everywhere (our BERT scheme).
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, json.intOr("vocab_size", 32000), hidden, heads, kvHeads,
                json.intOr("num_hidden_layers", 32), 0, maxPositions, rope, block, head, true).withInit(InitScheme.BERT);
    }

    /** {@code rope_scaling}: null, or {"rope_type" (older: "type"): "linear" | "dynamic", "factor": s}. */
    private static RopeScaling scaling(ConfigJson json, int maxPositions) throws CheckpointFormatException {
        JsonNode node = json.root().get("rope_scaling");
        if (node == null || node.isNull()) {
            return RopeScaling.none();
        }
        JsonNode type = node.has("rope_type") ? node.get("rope_type") : node.get("type");
        String kind = type == null ? "" : type.asText();
        JsonNode factor = node.get("factor");
        if (kind.equals("default")) {
            return RopeScaling.none();
        }
        if (factor == null || !factor.isNumber()) {
            throw json.unsupported("rope_scaling", node, "it needs a numeric \"factor\"");
        }
        try {
            return switch (kind) {
                case "linear" -> RopeScaling.linear(factor.asDouble());
                case "dynamic" -> RopeScaling.dynamicNtk(factor.asDouble(), maxPositions);
                default -> throw json.unsupported("rope_scaling", node, "rope_type linear, dynamic or default");
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(json.file(), "rope_scaling " + node + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("architectures").add("LlamaForCausalLM");
        o.put("model_type", "llama");
        o.put("vocab_size", c.vocabSize());
        o.put("hidden_size", c.dModel());
        o.put("intermediate_size", CheckpointFormat.ffnHidden(c));
        o.put("num_hidden_layers", c.nLayers());
        o.put("num_attention_heads", c.nHeads());
        o.put("num_key_value_heads", c.nKvHeads());
        o.put("head_dim", c.headDim());
        FfnSpec ffn = c.block().ffn();
        o.put("hidden_act", ffn.kind() == FfnKind.SWIGLU ? "silu" : ffn.gelu() == Activation.GELU_TANH ? "gelu_pytorch_tanh" : "gelu");
        o.put("max_position_embeddings", c.maxPositions());
        o.put("rms_norm_eps", c.block().normEps());
        Rope.Spec rope = (Rope.Spec) c.positional();
        o.put("rope_theta", rope.base());
        RopeScaling s = rope.scaling();
        if (s.kind() == RopeScaling.Kind.NONE) {
            o.putNull("rope_scaling");
        } else {
            String type = s.kind() == RopeScaling.Kind.LINEAR ? "linear" : "dynamic";
            o.putObject("rope_scaling").put("rope_type", type).put("type", type).put("factor", s.factor());
        }
        o.put("attention_bias", c.block().attentionBias());
        o.put("attention_dropout", c.block().attentionDropout());
        o.put("mlp_bias", ffn.bias());
        o.put("tie_word_embeddings", c.head() == HeadTying.TIED);
        o.put("torch_dtype", "float32");
        return o;
    }

    @Override
    public Map<String, Tensor> toState(TensorSource src, TransformerConfig c, Map<String, Tensor> expected)
            throws CheckpointFormatException {
        int d = c.dModel();
        int q = c.nHeads() * c.headDim();
        int kv = c.nKvHeads() * c.headDim();
        int h = CheckpointFormat.ffnHidden(c);
        int[][] attentionShapes = {{q, d}, {kv, d}, {kv, d}, {d, q}};
        int[][] mlpShapes = {{h, d}, {h, d}, {d, h}};
        boolean attentionBias = c.block().attentionBias();
        boolean mlpBias = c.block().ffn().bias();
        src.ignoreSuffix(".rotary_emb.inv_freq"); // a constant buffer older checkpoints store
        Map<String, Tensor> s = new LinkedHashMap<>();
        Tensor embed = src.take("model.embed_tokens.weight", c.vocabSize(), d);
        s.put("tokens.weight", embed);
        for (int i = 0; i < c.nLayers(); i++) {
            String p = "model.layers." + i + ".";
            String b = "blocks." + i + ".";
            s.put(b + "self_residual.norm.weight", src.take(p + "input_layernorm.weight", d));
            for (int j = 0; j < ATTENTION.length; j++) {
                String from = p + "self_attn." + ATTENTION[j][0];
                String to = b + "self_attention." + ATTENTION[j][1];
                s.put(to + ".weight", src.take(from + ".weight", attentionShapes[j]));
                if (attentionBias) {
                    s.put(to + ".bias", src.take(from + ".bias", attentionShapes[j][0]));
                }
            }
            s.put(b + "ffn_residual.norm.weight", src.take(p + "post_attention_layernorm.weight", d));
            for (int j = 0; j < MLP.length; j++) {
                s.put(b + "ffn." + MLP[j] + ".weight", src.take(p + "mlp." + MLP[j] + "_proj.weight", mlpShapes[j]));
                if (mlpBias) {
                    s.put(b + "ffn." + MLP[j] + ".bias", src.take(p + "mlp." + MLP[j] + "_proj.bias", mlpShapes[j][0]));
                }
            }
        }
        s.put("final_norm.weight", src.take("model.norm.weight", d));
        if (c.head() == HeadTying.UNTIED) {
            s.put("head.weight", src.take("lm_head.weight", c.vocabSize(), d));
        } else if (src.has("lm_head.weight")
                && !Arrays.equals(src.take("lm_head.weight", c.vocabSize(), d).data(), embed.data())) {
            throw new CheckpointFormatException(src.file(),
                    "tensor lm_head.weight differs from model.embed_tokens.weight, but tie_word_embeddings is true");
        }
        src.requireAllTaken();
        return s;
    }

    @Override
    public Map<String, Tensor> fromState(Map<String, Tensor> s, TransformerConfig c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", s.get("tokens.weight"));
        for (int i = 0; i < c.nLayers(); i++) {
            String p = "model.layers." + i + ".";
            String b = "blocks." + i + ".";
            out.put(p + "input_layernorm.weight", s.get(b + "self_residual.norm.weight"));
            for (String[] a : ATTENTION) {
                copy(s, b + "self_attention." + a[1], out, p + "self_attn." + a[0]);
            }
            out.put(p + "post_attention_layernorm.weight", s.get(b + "ffn_residual.norm.weight"));
            for (String m : MLP) {
                copy(s, b + "ffn." + m, out, p + "mlp." + m + "_proj");
            }
        }
        out.put("model.norm.weight", s.get("final_norm.weight"));
        if (c.head() == HeadTying.UNTIED) {
            out.put("lm_head.weight", s.get("head.weight"));
        }
        return out;
    }

    /** A linear layer's weight and, when it has one, its bias. */
    private static void copy(Map<String, Tensor> s, String ours, Map<String, Tensor> out, String theirs) {
        out.put(theirs + ".weight", s.get(ours + ".weight"));
        if (s.containsKey(ours + ".bias")) {
            out.put(theirs + ".bias", s.get(ours + ".bias"));
        }
    }

    private static int hidden(TransformerConfig c) {
        FfnSpec f = c.block().ffn();
        return f.hidden() > 0 ? f.hidden() : f.kind().defaultHidden(c.dModel(), f.multipleOf());
    }
}
