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
import io.github.swapformer.arch.model.EmbeddingSharing;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.InitScheme;
import io.github.swapformer.arch.model.SpecialIds;
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
 * Hugging Face's BERT layout (Devlin et al. 2019, arXiv 1810.04805; {@code modeling_bert.py}):
 * word + token-type + learned position embeddings and a LayerNorm, post-norm blocks, exact-GELU
 * MLP, and the heads the file holds: pooler, masked LM ({@code cls.predictions}, decoder tied to
 * the word embeddings), next sentence ({@code cls.seq_relationship}), sequence classification
 * ({@code classifier}). Which heads a model has is read from the tensors present, since
 * {@code config.json} does not say. Old checkpoints name LayerNorm parameters gamma/beta: accepted.
 */
final class BertFormat implements CheckpointFormat {
    private static final String BERT = "bert.";
    private static final String[][] ATTENTION = {
        {"attention.self.query", "self_attention.query"}, {"attention.self.key", "self_attention.key"},
        {"attention.self.value", "self_attention.value"}, {"attention.output.dense", "self_attention.output"},
        {"intermediate.dense", "ffn.up"}, {"output.dense", "ffn.down"}};
    private static final String[][] NORMS = {
        {"attention.output.LayerNorm", "self_residual.norm"}, {"output.LayerNorm", "ffn_residual.norm"}};

    @Override
    public boolean fits(TransformerConfig c) {
        BlockSpec b = c.block();
        return c.architecture() == ArchitectureKind.ENCODER_ONLY && c.nKvHeads() == c.nHeads() && c.scaledScores()
                && c.positional() instanceof LearnedAbsolute.Spec p
                && (p.maxPositions() == 0 || p.maxPositions() == c.maxPositions())
                && p.outOfRange() == LearnedAbsolute.OutOfRange.ERROR
                && b.placement() == NormPlacement.POST && b.normKind() == NormKind.LAYER_NORM
                && b.residual() == ResidualScaling.NONE && b.attentionBias() && b.ffn().bias()
                && b.ffn().kind() == FfnKind.MLP_GELU && c.segments() > 0 && architecture(c.encoderHeads()) != null;
    }

    /** The Hugging Face class that carries exactly these heads, or null when none does. */
    private static String architecture(EncoderHeads h) {
        if (h.equals(EncoderHeads.pretraining())) {
            return "BertForPreTraining";
        } else if (h.equals(new EncoderHeads(false, true, false, 0))) {
            return "BertForMaskedLM";
        } else if (h.equals(new EncoderHeads(true, false, true, 0))) {
            return "BertForNextSentencePrediction";
        } else if (h.pooler() && !h.mlm() && !h.nsp() && h.classes() > 0) {
            return "BertForSequenceClassification";
        } else if (!h.mlm() && !h.nsp() && h.classes() == 0) {
            return "BertModel";
        }
        return null;
    }

    private static String prefix(Set<String> names) {
        return names.contains(BERT + "embeddings.word_embeddings.weight") ? BERT : "";
    }

    @Override
    public TransformerConfig readConfig(ConfigJson json, Set<String> names) throws CheckpointFormatException {
        // Defaults are those of transformers' BertConfig, used when a key is absent.
        String pre = prefix(names);
        String type = json.stringOr("position_embedding_type", "absolute");
        if (!type.equals("absolute")) {
            throw json.unsupported("position_embedding_type", type, "only absolute");
        }
        if (json.booleanOr("is_decoder", false) || json.booleanOr("add_cross_attention", false)) {
            throw json.unsupported("is_decoder", true, "only an encoder (is_decoder and add_cross_attention false)");
        }
        String act = json.stringOr("hidden_act", "gelu");
        Activation gelu = switch (act) {
            case "gelu" -> Activation.GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> Activation.GELU_TANH;
            default -> throw json.unsupported("hidden_act", act, "gelu, gelu_new or gelu_pytorch_tanh");
        };
        int d = json.intOr("hidden_size", 768);
        FfnSpec ffn = new FfnSpec(FfnKind.MLP_GELU, json.intOr("intermediate_size", 3072), 8, true, gelu);
        double dropout = json.doubleOr("hidden_dropout_prob", 0.1);
        BlockSpec block = new BlockSpec(NormPlacement.POST, NormKind.LAYER_NORM, json.doubleOr("layer_norm_eps", 1e-12), ffn,
                true, dropout, json.doubleOr("attention_probs_dropout_prob", 0.1), ResidualScaling.NONE);
        boolean classifier = names.contains("classifier.weight");
        EncoderHeads heads = new EncoderHeads(names.contains(pre + "pooler.dense.weight"),
                names.contains("cls.predictions.transform.dense.weight"), names.contains("cls.seq_relationship.weight"),
                classifier ? labels(json) : 0);
        int vocab = json.intOr("vocab_size", 30522);
        int heads0 = json.intOr("num_attention_heads", 12);
        HeadTying tying = json.booleanOr("tie_word_embeddings", true) ? HeadTying.TIED : HeadTying.UNTIED;
        return new TransformerConfig(ArchitectureKind.ENCODER_ONLY, vocab, d, heads0, heads0, json.intOr("num_hidden_layers", 12),
                0, json.intOr("max_position_embeddings", 512), new LearnedAbsolute.Spec(0, LearnedAbsolute.OutOfRange.ERROR),
                block, tying, true, json.intOr("type_vocab_size", 2), heads, specialIds(json, vocab), EmbeddingSharing.SHARED,
                InitScheme.BERT);
    }

    /** The classifier's width: {@code num_labels}, else the size of {@code id2label}, else 2 (transformers' default). */
    private static int labels(ConfigJson json) throws CheckpointFormatException {
        JsonNode id2label = json.root().get("id2label");
        return json.intOr("num_labels", id2label != null && id2label.isObject() ? id2label.size() : 2);
    }

    /**
     * [PAD] from {@code pad_token_id}; [CLS], [SEP], [MASK] belong to the tokenizer, not the config:
     * read from {@code cls_token_id}, {@code sep_token_id}, {@code mask_token_id} when present (we
     * write them), else bert-uncased's 101, 102, 103 when the vocabulary has them, else 1, 2, 3.
     */
    private static SpecialIds specialIds(ConfigJson json, int vocab) throws CheckpointFormatException {
        SpecialIds fallback = vocab > SpecialIds.bertUncased().max() ? SpecialIds.bertUncased() : SpecialIds.firstFour();
        return new SpecialIds(json.intOr("pad_token_id", 0), json.intOr("cls_token_id", fallback.cls()),
                json.intOr("sep_token_id", fallback.sep()), json.intOr("mask_token_id", fallback.mask()));
    }

    @Override
    public ObjectNode writeConfig(TransformerConfig c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        EncoderHeads h = c.encoderHeads();
        o.putArray("architectures").add(architecture(h));
        o.put("model_type", "bert");
        o.put("vocab_size", c.vocabSize());
        o.put("hidden_size", c.dModel());
        o.put("num_hidden_layers", c.nLayers());
        o.put("num_attention_heads", c.nHeads());
        o.put("intermediate_size", CheckpointFormat.ffnHidden(c));
        o.put("hidden_act", c.block().ffn().gelu() == Activation.GELU_TANH ? "gelu_new" : "gelu");
        o.put("hidden_dropout_prob", c.block().dropout());
        o.put("attention_probs_dropout_prob", c.block().attentionDropout());
        o.put("max_position_embeddings", c.maxPositions());
        o.put("type_vocab_size", c.segments());
        o.put("layer_norm_eps", c.block().normEps());
        o.put("position_embedding_type", "absolute");
        o.put("tie_word_embeddings", c.head() == HeadTying.TIED);
        if (h.classes() > 0) {
            o.put("num_labels", h.classes());
        }
        SpecialIds ids = c.specialIds();
        o.put("pad_token_id", ids.pad());
        o.put("cls_token_id", ids.cls());
        o.put("sep_token_id", ids.sep());
        o.put("mask_token_id", ids.mask());
        o.put("torch_dtype", "float32");
        return o;
    }

    @Override
    public Map<String, Tensor> toState(TensorSource src, TransformerConfig c, Map<String, Tensor> expected)
            throws CheckpointFormatException {
        int d = c.dModel();
        int v = c.vocabSize();
        String pre = src.has(BERT + "embeddings.word_embeddings.weight") ? BERT : "";
        src.ignoreSuffix("embeddings.position_ids"); // a constant buffer
        Map<String, Tensor> s = new LinkedHashMap<>();
        Tensor words = src.take(pre + "embeddings.word_embeddings.weight", v, d);
        s.put("tokens.weight", words);
        s.put("segments.weight", src.take(pre + "embeddings.token_type_embeddings.weight", c.segments(), d));
        s.put("positional.weight", src.take(pre + "embeddings.position_embeddings.weight", c.maxPositions(), d));
        norm(src, pre + "embeddings.LayerNorm", s, "embedding_norm", d);
        int hidden = CheckpointFormat.ffnHidden(c);
        int[][] shapes = {{d, d}, {d, d}, {d, d}, {d, d}, {hidden, d}, {d, hidden}};
        for (int i = 0; i < c.nLayers(); i++) {
            String p = pre + "encoder.layer." + i + ".";
            String b = "blocks." + i + ".";
            for (int j = 0; j < ATTENTION.length; j++) {
                dense(src, p + ATTENTION[j][0], s, b + ATTENTION[j][1], shapes[j][0], shapes[j][1]);
            }
            for (String[] n : NORMS) {
                norm(src, p + n[0], s, b + n[1], d);
            }
        }
        EncoderHeads h = c.encoderHeads();
        if (h.pooler()) {
            dense(src, pre + "pooler.dense", s, "pooler.dense", d, d);
        }
        if (h.mlm()) {
            dense(src, "cls.predictions.transform.dense", s, "mlm.dense", d, d);
            norm(src, "cls.predictions.transform.LayerNorm", s, "mlm.norm", d);
            s.put("mlm.bias", mlmBias(src, v));
            mlmDecoder(src, c, s, words);
        }
        if (h.nsp()) {
            dense(src, "cls.seq_relationship", s, "nsp", 2, d);
        }
        if (h.classes() > 0) {
            dense(src, "classifier", s, "classifier", h.classes(), d);
        }
        src.requireAllTaken();
        return s;
    }

    /** {@code cls.predictions.bias}; {@code decoder.bias} is the same tensor in transformers, stored under either name. */
    private static Tensor mlmBias(TensorSource src, int v) throws CheckpointFormatException {
        String own = "cls.predictions.bias";
        String alias = "cls.predictions.decoder.bias";
        Tensor bias = src.take(src.has(own) ? own : alias, v);
        if (src.has(own) && src.has(alias) && !Arrays.equals(src.take(alias, v).data(), bias.data())) {
            throw new CheckpointFormatException(src.file(), "tensors " + own + " and " + alias + " differ; transformers ties them");
        }
        return bias;
    }

    private static void mlmDecoder(TensorSource src, TransformerConfig c, Map<String, Tensor> s, Tensor words)
            throws CheckpointFormatException {
        String name = "cls.predictions.decoder.weight";
        if (c.head() == HeadTying.UNTIED) {
            s.put("mlm.decoder.weight", src.take(name, c.vocabSize(), c.dModel()));
        } else if (src.has(name) && !Arrays.equals(src.take(name, c.vocabSize(), c.dModel()).data(), words.data())) {
            throw new CheckpointFormatException(src.file(), "tensor " + name
                    + " differs from the word embeddings, but tie_word_embeddings is true");
        }
    }

    private static void dense(TensorSource src, String theirs, Map<String, Tensor> s, String ours, int out, int in)
            throws CheckpointFormatException {
        s.put(ours + ".weight", src.take(theirs + ".weight", out, in));
        s.put(ours + ".bias", src.take(theirs + ".bias", out));
    }

    /** A LayerNorm under weight/bias, or gamma/beta as the original TensorFlow checkpoints name them. */
    private static void norm(TensorSource src, String theirs, Map<String, Tensor> s, String ours, int d)
            throws CheckpointFormatException {
        boolean old = !src.has(theirs + ".weight") && src.has(theirs + ".gamma");
        s.put(ours + ".weight", src.take(theirs + (old ? ".gamma" : ".weight"), d));
        s.put(ours + ".bias", src.take(theirs + (old ? ".beta" : ".bias"), d));
    }

    @Override
    public Map<String, Tensor> fromState(Map<String, Tensor> s, TransformerConfig c) {
        EncoderHeads h = c.encoderHeads();
        String pre = h.mlm() || h.nsp() || h.classes() > 0 ? BERT : "";
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(pre + "embeddings.word_embeddings.weight", s.get("tokens.weight"));
        out.put(pre + "embeddings.position_embeddings.weight", s.get("positional.weight"));
        out.put(pre + "embeddings.token_type_embeddings.weight", s.get("segments.weight"));
        copy(s, "embedding_norm", out, pre + "embeddings.LayerNorm");
        for (int i = 0; i < c.nLayers(); i++) {
            String p = pre + "encoder.layer." + i + ".";
            String b = "blocks." + i + ".";
            for (String[] a : ATTENTION) {
                copy(s, b + a[1], out, p + a[0]);
            }
            for (String[] n : NORMS) {
                copy(s, b + n[1], out, p + n[0]);
            }
        }
        if (h.pooler()) {
            copy(s, "pooler.dense", out, pre + "pooler.dense");
        }
        if (h.mlm()) {
            copy(s, "mlm.dense", out, "cls.predictions.transform.dense");
            copy(s, "mlm.norm", out, "cls.predictions.transform.LayerNorm");
            out.put("cls.predictions.bias", s.get("mlm.bias"));
            if (c.head() == HeadTying.UNTIED) {
                out.put("cls.predictions.decoder.weight", s.get("mlm.decoder.weight"));
            }
        }
        if (h.nsp()) {
            copy(s, "nsp", out, "cls.seq_relationship");
        }
        if (h.classes() > 0) {
            copy(s, "classifier", out, "classifier");
        }
        return out;
    }

    private static void copy(Map<String, Tensor> s, String ours, Map<String, Tensor> out, String theirs) {
        out.put(theirs + ".weight", s.get(ours + ".weight"));
        out.put(theirs + ".bias", s.get(ours + ".bias"));
    }
}
