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
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.LearnedAbsolute;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face's GPT-2 layout (Radford et al. 2019; {@code modeling_gpt2.py}): learned absolute
 * positions {@code wpe}, pre-norm LayerNorm, GELU MLP, tied head. Its projections are
 * {@code Conv1D} with weights stored (in, out), y = x·W + b, so each is transposed into our
 * (out, in) {@code Linear}; {@code c_attn} packs query, key and value along out and is split.
 */
final class Gpt2Format implements CheckpointFormat {
    private static final String TRANSFORMER_PREFIX = "transformer.";

    @Override
    public boolean fits(TransformerConfig c) {
        BlockSpec b = c.block();
        FfnKind ffn = b.ffn().kind();
        return c.architecture() == ArchitectureKind.DECODER_ONLY
                && c.nKvHeads() == c.nHeads()
                && c.positional() instanceof LearnedAbsolute.Spec p
                && (p.maxPositions() == 0 || p.maxPositions() == c.maxPositions())
                && p.outOfRange() == LearnedAbsolute.OutOfRange.ERROR
                && b.placement() == NormPlacement.PRE && b.normKind() == NormKind.LAYER_NORM
                && b.residual() == ResidualScaling.NONE && b.attentionBias() && b.ffn().bias()
                && (ffn == FfnKind.MLP_GELU || ffn == FfnKind.MLP_RELU);
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json, Set<String> tensorNames) throws CheckpointFormatException {
        // Defaults are those of transformers' GPT2Config, used when a key is absent.
        int embd = json.intOr("n_embd", 768);
        String act = json.stringOr("activation_function", "gelu_new");
        FfnSpec ffn = switch (act) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> new FfnSpec(FfnKind.MLP_GELU, 0, 8, true, Activation.GELU_TANH);
            case "gelu" -> new FfnSpec(FfnKind.MLP_GELU, 0, 8, true, Activation.GELU);
            case "relu" -> new FfnSpec(FfnKind.MLP_RELU, 0, 8, true, Activation.GELU);
            default -> throw json.unsupported("activation_function", act, "gelu_new, gelu_pytorch_tanh, gelu_fast, gelu or relu");
        };
        ffn = ffn.withHidden(json.intOr("n_inner", 4 * embd));
        double resid = json.doubleOr("resid_pdrop", 0.1);
        double embdDrop = json.doubleOr("embd_pdrop", 0.1);
        if (resid != embdDrop) {
            throw json.unsupported("embd_pdrop", embdDrop, "it must equal resid_pdrop " + resid + " (one dropout rate for both)");
        }
        if (json.booleanOr("scale_attn_by_inverse_layer_idx", false)) {
            throw json.unsupported("scale_attn_by_inverse_layer_idx", true, "only false");
        }
        if (json.booleanOr("add_cross_attention", false)) {
            throw json.unsupported("add_cross_attention", true, "only false (a decoder-only model)");
        }
        int heads = json.intOr("n_head", 12);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, json.doubleOr("layer_norm_epsilon", 1e-5), ffn,
                true, resid, json.doubleOr("attn_pdrop", 0.1), ResidualScaling.NONE);
        HeadTying head = json.booleanOr("tie_word_embeddings", true) ? HeadTying.TIED : HeadTying.UNTIED;
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, json.intOr("vocab_size", 50257), embd, heads, heads,
                json.intOr("n_layer", 12), 0, json.intOr("n_positions", 1024),
                new LearnedAbsolute.Spec(0, LearnedAbsolute.OutOfRange.ERROR), block, head, json.booleanOr("scale_attn_weights", true));
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putArray("architectures").add("GPT2LMHeadModel");
        o.put("model_type", "gpt2");
        o.put("vocab_size", c.vocabSize());
        o.put("n_positions", c.maxPositions());
        o.put("n_ctx", c.maxPositions());
        o.put("n_embd", c.dModel());
        o.put("n_layer", c.nLayers());
        o.put("n_head", c.nHeads());
        o.put("n_inner", CheckpointFormat.ffnHidden(c));
        FfnSpec ffn = c.block().ffn();
        o.put("activation_function", ffn.kind() == FfnKind.MLP_RELU ? "relu" : ffn.gelu() == Activation.GELU_TANH ? "gelu_new" : "gelu");
        o.put("layer_norm_epsilon", c.block().normEps());
        o.put("resid_pdrop", c.block().dropout());
        o.put("embd_pdrop", c.block().dropout());
        o.put("attn_pdrop", c.block().attentionDropout());
        o.put("scale_attn_weights", c.scaledScores());
        o.put("scale_attn_by_inverse_layer_idx", false);
        o.put("tie_word_embeddings", c.head() == HeadTying.TIED);
        o.put("torch_dtype", "float32");
        return o;
    }

    @Override
    public Map<String, Tensor> toState(TensorSource src, TransformerConfig c, Map<String, Tensor> expected)
            throws CheckpointFormatException {
        int d = c.dModel();
        int h = CheckpointFormat.ffnHidden(c);
        String pre = src.has(TRANSFORMER_PREFIX + "wte.weight") ? TRANSFORMER_PREFIX : "";
        // The causal-mask buffers that older GPT-2 checkpoints store: constants, not parameters.
        src.ignoreSuffix(".attn.bias");
        src.ignoreSuffix(".attn.masked_bias");
        Map<String, Tensor> s = new LinkedHashMap<>();
        Tensor wte = src.take(pre + "wte.weight", c.vocabSize(), d);
        s.put("tokens.weight", wte);
        s.put("positional.weight", src.take(pre + "wpe.weight", c.maxPositions(), d));
        for (int i = 0; i < c.nLayers(); i++) {
            String p = pre + "h." + i + ".";
            String b = "blocks." + i + ".";
            s.put(b + "self_residual.norm.weight", src.take(p + "ln_1.weight", d));
            s.put(b + "self_residual.norm.bias", src.take(p + "ln_1.bias", d));
            Tensor qkv = transpose(src.take(p + "attn.c_attn.weight", d, 3 * d));
            Tensor qkvBias = src.take(p + "attn.c_attn.bias", 3 * d);
            String[] parts = {"query", "key", "value"};
            for (int j = 0; j < 3; j++) {
                s.put(b + "self_attention." + parts[j] + ".weight", rows(qkv, j * d, (j + 1) * d));
                s.put(b + "self_attention." + parts[j] + ".bias", rows(qkvBias, j * d, (j + 1) * d));
            }
            s.put(b + "self_attention.output.weight", transpose(src.take(p + "attn.c_proj.weight", d, d)));
            s.put(b + "self_attention.output.bias", src.take(p + "attn.c_proj.bias", d));
            s.put(b + "ffn_residual.norm.weight", src.take(p + "ln_2.weight", d));
            s.put(b + "ffn_residual.norm.bias", src.take(p + "ln_2.bias", d));
            s.put(b + "ffn.up.weight", transpose(src.take(p + "mlp.c_fc.weight", d, h)));
            s.put(b + "ffn.up.bias", src.take(p + "mlp.c_fc.bias", h));
            s.put(b + "ffn.down.weight", transpose(src.take(p + "mlp.c_proj.weight", h, d)));
            s.put(b + "ffn.down.bias", src.take(p + "mlp.c_proj.bias", d));
        }
        s.put("final_norm.weight", src.take(pre + "ln_f.weight", d));
        s.put("final_norm.bias", src.take(pre + "ln_f.bias", d));
        if (c.head() == HeadTying.UNTIED) {
            s.put("head.weight", src.take("lm_head.weight", c.vocabSize(), d));
        } else if (src.has("lm_head.weight")
                && !Arrays.equals(src.take("lm_head.weight", c.vocabSize(), d).data(), wte.data())) {
            throw new CheckpointFormatException(src.file(), "tensor lm_head.weight differs from " + pre
                    + "wte.weight, but tie_word_embeddings is true");
        }
        src.requireAllTaken();
        return s;
    }

    @Override
    public Map<String, Tensor> fromState(Map<String, Tensor> s, TransformerConfig c) {
        int d = c.dModel();
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("wte.weight", s.get("tokens.weight"));
        out.put("wpe.weight", s.get("positional.weight"));
        for (int i = 0; i < c.nLayers(); i++) {
            String p = "h." + i + ".";
            String b = "blocks." + i + ".";
            out.put(p + "ln_1.weight", s.get(b + "self_residual.norm.weight"));
            out.put(p + "ln_1.bias", s.get(b + "self_residual.norm.bias"));
            String a = b + "self_attention.";
            out.put(p + "attn.c_attn.weight", transpose(concatRows(3 * d,
                    s.get(a + "query.weight"), s.get(a + "key.weight"), s.get(a + "value.weight"))));
            out.put(p + "attn.c_attn.bias", concatRows(3 * d, s.get(a + "query.bias"), s.get(a + "key.bias"), s.get(a + "value.bias")));
            out.put(p + "attn.c_proj.weight", transpose(s.get(a + "output.weight")));
            out.put(p + "attn.c_proj.bias", s.get(a + "output.bias"));
            out.put(p + "ln_2.weight", s.get(b + "ffn_residual.norm.weight"));
            out.put(p + "ln_2.bias", s.get(b + "ffn_residual.norm.bias"));
            out.put(p + "mlp.c_fc.weight", transpose(s.get(b + "ffn.up.weight")));
            out.put(p + "mlp.c_fc.bias", s.get(b + "ffn.up.bias"));
            out.put(p + "mlp.c_proj.weight", transpose(s.get(b + "ffn.down.weight")));
            out.put(p + "mlp.c_proj.bias", s.get(b + "ffn.down.bias"));
        }
        out.put("ln_f.weight", s.get("final_norm.weight"));
        out.put("ln_f.bias", s.get("final_norm.bias"));
        if (c.head() == HeadTying.UNTIED) {
            out.put("lm_head.weight", s.get("head.weight"));
        }
        return out;
    }

    /** (R, C) → (C, R): Conv1D's (in, out) to Linear's (out, in) and back. */
    static Tensor transpose(Tensor t) {
        int r = t.dim(0);
        int k = t.dim(1);
        float[] src = t.data();
        float[] out = new float[r * k];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < k; j++) {
                out[j * r + i] = src[i * k + j];
            }
        }
        return Tensor.of(out, k, r);
    }

    /** Rows [from, to) of a matrix, or entries [from, to) of a vector, as a new tensor. */
    static Tensor rows(Tensor t, int from, int to) {
        int width = t.rank() == 1 ? 1 : t.dim(1);
        float[] out = Arrays.copyOfRange(t.data(), from * width, to * width);
        return t.rank() == 1 ? Tensor.of(out, to - from) : Tensor.of(out, to - from, width);
    }

    /** Matrices (or vectors) stacked along their first axis, which then has {@code total} rows. */
    static Tensor concatRows(int total, Tensor... parts) {
        int width = parts[0].rank() == 1 ? 1 : parts[0].dim(1);
        float[] out = new float[total * width];
        int at = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data(), 0, out, at, p.size());
            at += p.size();
        }
        return parts[0].rank() == 1 ? Tensor.of(out, total) : Tensor.of(out, total, width);
    }
}
