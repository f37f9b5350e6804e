#!/usr/bin/env python3
"""Tiny random BERT and T5 checkpoints in Hugging Face's layout, with their outputs.

An independent float64 numpy re-implementation of Hugging Face transformers' modeling_bert.py
(BertForPreTraining) and modeling_t5.py (T5ForConditionalGeneration), written from those files'
semantics, not from Swapformer's code. Weights are random normal, float32; every norm weight is
1 + 0.1*N(0,1) and every bias non-zero, so a loader that drops or swaps one fails.
Run: python3 generate_bert_t5.py (numpy only); it rewrites bert-tiny/, t5-tiny/ and t5-gated-tiny/.
"""
import json
import math
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        b = np.ascontiguousarray(t, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Weights:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.t = {}

    def normal(self, name, *shape, std=0.2):
        self.t[name] = (self.rng.standard_normal(shape) * std).astype(np.float32)
        return self.t[name]

    def norm(self, name, n):
        self.t[name] = (1 + 0.1 * self.rng.standard_normal(n)).astype(np.float32)
        return self.t[name]

    def __getitem__(self, k):
        return self.t[k].astype(np.float64)


def softmax(x):
    x = x - x.max(-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(-1, keepdims=True)


def gelu(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def gelu_new(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def heads(x, n):  # (B, T, C) -> (B, H, T, HS)
    B, T, C = x.shape
    return x.reshape(B, T, n, C // n).transpose(0, 2, 1, 3)


def merge(x):
    B, H, T, S = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * S)


# ---------------------------------------------------------------- BERT (BertForPreTraining)
def bert():
    V, D, L, H, I, P, TT, EPS = 128, 32, 2, 4, 48, 24, 2, 1e-12
    w = Weights(1)
    p = "bert."
    w.normal(p + "embeddings.word_embeddings.weight", V, D, std=0.5)
    w.normal(p + "embeddings.position_embeddings.weight", P, D, std=0.5)
    w.normal(p + "embeddings.token_type_embeddings.weight", TT, D, std=0.5)
    w.norm(p + "embeddings.LayerNorm.weight", D)
    w.normal(p + "embeddings.LayerNorm.bias", D, std=0.1)
    for i in range(L):
        q = p + "encoder.layer.%d." % i
        for n in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
            w.normal(q + n + ".weight", D, D)
            w.normal(q + n + ".bias", D, std=0.1)
        w.norm(q + "attention.output.LayerNorm.weight", D)
        w.normal(q + "attention.output.LayerNorm.bias", D, std=0.1)
        w.normal(q + "intermediate.dense.weight", I, D)
        w.normal(q + "intermediate.dense.bias", I, std=0.1)
        w.normal(q + "output.dense.weight", D, I)
        w.normal(q + "output.dense.bias", D, std=0.1)
        w.norm(q + "output.LayerNorm.weight", D)
        w.normal(q + "output.LayerNorm.bias", D, std=0.1)
    w.normal(p + "pooler.dense.weight", D, D)
    w.normal(p + "pooler.dense.bias", D, std=0.1)
    w.normal("cls.predictions.transform.dense.weight", D, D)
    w.normal("cls.predictions.transform.dense.bias", D, std=0.1)
    w.norm("cls.predictions.transform.LayerNorm.weight", D)
    w.normal("cls.predictions.transform.LayerNorm.bias", D, std=0.1)
    w.normal("cls.predictions.bias", V, std=0.1)
    w.normal("cls.seq_relationship.weight", 2, D)
    w.normal("cls.seq_relationship.bias", 2, std=0.1)

    B, T = 2, 9
    ids = np.array([[101, 7, 45, 102, 88, 3, 61, 102, 19],
                    [101, 12, 99, 102, 5, 102, 0, 0, 0]])
    types = np.array([[0, 0, 0, 0, 1, 1, 1, 1, 1],
                      [0, 0, 0, 0, 1, 1, 0, 0, 0]])
    mask = (ids != 0).astype(np.float64)  # [PAD] = 0 hidden from attention, as the attention_mask a tokenizer gives

    x = w[p + "embeddings.word_embeddings.weight"][ids] + w[p + "embeddings.token_type_embeddings.weight"][types]
    x = x + w[p + "embeddings.position_embeddings.weight"][np.arange(T)][None]
    x = layer_norm(x, w[p + "embeddings.LayerNorm.weight"], w[p + "embeddings.LayerNorm.bias"], EPS)
    ext = (1.0 - mask)[:, None, None, :] * np.finfo(np.float32).min
    for i in range(L):
        q = p + "encoder.layer.%d." % i
        a = lambda n: linear(x, w[q + n + ".weight"], w[q + n + ".bias"])
        qh, kh, vh = heads(a("attention.self.query"), H), heads(a("attention.self.key"), H), heads(a("attention.self.value"), H)
        probs = softmax(qh @ kh.transpose(0, 1, 3, 2) / math.sqrt(D // H) + ext)
        ctx = merge(probs @ vh)
        x = layer_norm(linear(ctx, w[q + "attention.output.dense.weight"], w[q + "attention.output.dense.bias"]) + x,
                       w[q + "attention.output.LayerNorm.weight"], w[q + "attention.output.LayerNorm.bias"], EPS)
        inter = gelu(linear(x, w[q + "intermediate.dense.weight"], w[q + "intermediate.dense.bias"]))
        x = layer_norm(linear(inter, w[q + "output.dense.weight"], w[q + "output.dense.bias"]) + x,
                       w[q + "output.LayerNorm.weight"], w[q + "output.LayerNorm.bias"], EPS)
    pooled = np.tanh(linear(x[:, 0], w[p + "pooler.dense.weight"], w[p + "pooler.dense.bias"]))
    t = gelu(linear(x, w["cls.predictions.transform.dense.weight"], w["cls.predictions.transform.dense.bias"]))
    t = layer_norm(t, w["cls.predictions.transform.LayerNorm.weight"], w["cls.predictions.transform.LayerNorm.bias"], EPS)
    mlm = t @ w[p + "embeddings.word_embeddings.weight"].T + w["cls.predictions.bias"]
    nsp = linear(pooled, w["cls.seq_relationship.weight"], w["cls.seq_relationship.bias"])

    config = {"architectures": ["BertForPreTraining"], "model_type": "bert", "vocab_size": V, "hidden_size": D,
              "num_hidden_layers": L, "num_attention_heads": H, "intermediate_size": I, "hidden_act": "gelu",
              "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "max_position_embeddings": P,
              "type_vocab_size": TT, "layer_norm_eps": EPS, "pad_token_id": 0, "position_embedding_type": "absolute",
              "initializer_range": 0.02, "torch_dtype": "float32"}
    save("bert-tiny", config, w.t, {"batch": {"B": B, "T": T, "input_ids": ids.tolist(), "token_type_ids": types.tolist()}},
         {"hidden": x, "pooled": pooled, "mlm_logits": mlm, "nsp_logits": nsp})


# ---------------------------------------------------------------- T5 (T5ForConditionalGeneration)
def bucket(rel, bidirectional, num_buckets, max_distance):
    """modeling_t5.T5Attention._relative_position_bucket, with the log in float32 as torch computes it."""
    ret = np.zeros_like(rel)
    if bidirectional:
        num_buckets //= 2
        ret += (rel > 0).astype(rel.dtype) * num_buckets
        n = np.abs(rel)
    else:
        n = -np.minimum(rel, 0)
    max_exact = num_buckets // 2
    with np.errstate(divide="ignore"):  # log(0) where n < max_exact: not used
        large = max_exact + (np.log(np.maximum(n, 1).astype(np.float32) / np.float32(max_exact)) / np.float32(math.log(max_distance / max_exact))
                             * np.float32(num_buckets - max_exact)).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    return ret + np.where(n < max_exact, n, large)


def rms(x, w, eps):
    return w * x / np.sqrt((x ** 2).mean(-1, keepdims=True) + eps)


def t5(name, gated, tied, seed):
    V, D, H, DFF, LE, LD, NB, MD, EPS = 64, 32, 4, 48, 2, 3, 8, 20, 1e-6
    w = Weights(seed)
    w.normal("shared.weight", V, D, std=1.0)

    def attention_weights(prefix):
        for n in "qkvo":
            w.normal(prefix + n + ".weight", D, D)

    def ffn_weights(prefix):
        if gated:
            w.normal(prefix + "DenseReluDense.wi_0.weight", DFF, D)
            w.normal(prefix + "DenseReluDense.wi_1.weight", DFF, D)
        else:
            w.normal(prefix + "DenseReluDense.wi.weight", DFF, D)
        w.normal(prefix + "DenseReluDense.wo.weight", D, DFF)

    for stack, layers in (("encoder", LE), ("decoder", LD)):
        for i in range(layers):
            b = "%s.block.%d.layer." % (stack, i)
            attention_weights(b + "0.SelfAttention.")
            if i == 0:
                w.normal(b + "0.SelfAttention.relative_attention_bias.weight", NB, H, std=0.5)
            w.norm(b + "0.layer_norm.weight", D)
            if stack == "decoder":
                attention_weights(b + "1.EncDecAttention.")
                w.norm(b + "1.layer_norm.weight", D)
            f = b + ("2." if stack == "decoder" else "1.")
            ffn_weights(f)
            w.norm(f + "layer_norm.weight", D)
        w.norm(stack + ".final_layer_norm.weight", D)
    if not tied:
        w.normal("lm_head.weight", V, D)

    def attend(x, kv, prefix, bias):
        qh = heads(linear(x, w[prefix + "q.weight"]), H)
        kh = heads(linear(kv, w[prefix + "k.weight"]), H)
        vh = heads(linear(kv, w[prefix + "v.weight"]), H)
        probs = softmax(qh @ kh.transpose(0, 1, 3, 2) + bias)  # T5 does not scale by 1/sqrt(HS)
        return linear(merge(probs @ vh), w[prefix + "o.weight"])

    def ffn(x, prefix):
        if gated:
            h = gelu_new(linear(x, w[prefix + "DenseReluDense.wi_0.weight"])) * linear(x, w[prefix + "DenseReluDense.wi_1.weight"])
        else:
            h = np.maximum(linear(x, w[prefix + "DenseReluDense.wi.weight"]), 0)
        return linear(h, w[prefix + "DenseReluDense.wo.weight"])

    def position_bias(stack, tq, tk, bidirectional):
        rel = np.arange(tk)[None, :] - np.arange(tq)[:, None]  # key - query
        table = w[stack + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight"]
        return table[bucket(rel, bidirectional, NB, MD)].transpose(2, 0, 1)[None]  # (1, H, tq, tk)

    B, S, T = 2, 11, 7
    src = np.array([[5, 17, 33, 2, 60, 41, 9, 28, 12, 50, 1],
                    [44, 8, 19, 23, 1, 0, 0, 0, 0, 0, 0]])
    tgt = np.array([[0, 13, 7, 55, 21, 30, 3],
                    [0, 61, 4, 4, 39, 18, 26]])
    neg = np.finfo(np.float32).min
    src_mask = np.where(src != 0, 0.0, neg)[:, None, None, :]
    causal = np.where(np.arange(T)[None, :] <= np.arange(T)[:, None], 0.0, neg)[None, None]

    x = w["shared.weight"][src]
    enc_bias = position_bias("encoder", S, S, True) + src_mask
    for i in range(LE):
        b = "encoder.block.%d.layer." % i
        h = rms(x, w[b + "0.layer_norm.weight"], EPS)
        x = x + attend(h, h, b + "0.SelfAttention.", enc_bias)
        x = x + ffn(rms(x, w[b + "1.layer_norm.weight"], EPS), b + "1.")
    memory = rms(x, w["encoder.final_layer_norm.weight"], EPS)

    y = w["shared.weight"][tgt]
    dec_bias = position_bias("decoder", T, T, False) + causal
    for i in range(LD):
        b = "decoder.block.%d.layer." % i
        h = rms(y, w[b + "0.layer_norm.weight"], EPS)
        y = y + attend(h, h, b + "0.SelfAttention.", dec_bias)
        y = y + attend(rms(y, w[b + "1.layer_norm.weight"], EPS), memory, b + "1.EncDecAttention.", src_mask)
        y = y + ffn(rms(y, w[b + "2.layer_norm.weight"], EPS), b + "2.")
    y = rms(y, w["decoder.final_layer_norm.weight"], EPS)
    logits = (y * D ** -0.5) @ w["shared.weight"].T if tied else y @ w["lm_head.weight"].T

    config = {"architectures": ["T5ForConditionalGeneration"], "model_type": "t5", "vocab_size": V, "d_model": D,
              "d_kv": D // H, "d_ff": DFF, "num_layers": LE, "num_decoder_layers": LD, "num_heads": H,
              "relative_attention_num_buckets": NB, "relative_attention_max_distance": MD, "dropout_rate": 0.0,
              "layer_norm_epsilon": EPS, "feed_forward_proj": "gated-gelu" if gated else "relu",
              "tie_word_embeddings": tied, "is_encoder_decoder": True, "pad_token_id": 0, "eos_token_id": 1,
              "decoder_start_token_id": 0, "initializer_factor": 1.0, "torch_dtype": "float32"}
    save(name, config, w.t, {"batch": {"B": B, "S": S, "T": T, "input_ids": src.tolist(), "decoder_input_ids": tgt.tolist()}},
         {"encoder_output": memory, "logits": logits})


def save(name, config, weights, expected, outputs):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(d, "model.safetensors"), weights)
    expected["source"] = "generate_bert_t5.py: float64 numpy re-implementation of Hugging Face's modeling code"
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
    write_safetensors(os.path.join(d, "expected.safetensors"), {k: v.astype(np.float32) for k, v in outputs.items()})


if __name__ == "__main__":
    bert()
    t5("t5-tiny", gated=False, tied=True, seed=2)
    t5("t5-gated-tiny", gated=True, tied=False, seed=3)
