"""Independent float64 reference for ReferenceForwardTest: a tiny BERT and a tiny T5, written from
Devlin et al. 2019 / Raffel et al. 2020 and Hugging Face's BertForPreTraining, BertPooler,
BertForSequenceClassification and T5ForConditionalGeneration forward code. It reads only the weight
files (safetensors, parsed here) and the inputs below, and writes the expected outputs.

Usage: python3 numpy_reference.py DIR   (DIR holds bert-tiny-weights.safetensors and t5-tiny-weights.safetensors)
"""
import json
import math
import struct
import sys

import numpy as np

BERT_IDS = np.array([[1, 5, 6, 7, 2, 8, 2], [1, 9, 10, 2, 0, 0, 0]])
BERT_SEGMENTS = np.array([[0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0, 0]])
T5_SOURCE = np.array([[5, 6, 7, 8, 9, 10, 11, 12, 13], [14, 15, 16, 17, 18, 1, 0, 0, 0]])
T5_TARGET = np.array([[0, 20, 21, 22, 23, 24], [0, 25, 26, 27, 28, 29]])
HEADS = 4
NEG = -1e30  # additive mask; every query row keeps at least one key


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        assert e["dtype"] == "F32", e
        a, b = e["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"]).astype(np.float64)
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = np.ascontiguousarray(t, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"source": "numpy_reference.py (float64, rounded to float32)"}
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + eps) * w


def gelu(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def softmax(s):
    s = s - s.max(-1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(-1, keepdims=True)


def attention(w, prefix, xq, xkv, additive, scale, biased):
    """Multi-head attention; additive is (B, 1, T, S) or (H, T, S)-broadcastable; Hugging Face's layout."""
    B, T, C = xq.shape
    S = xkv.shape[1]
    hs = C // HEADS

    def heads(t, n):
        return t.reshape(B, n, HEADS, hs).transpose(0, 2, 1, 3)

    q = heads(linear(xq, w[prefix + "query.weight"], w.get(prefix + "query.bias") if biased else None), T)
    k = heads(linear(xkv, w[prefix + "key.weight"], w.get(prefix + "key.bias") if biased else None), S)
    v = heads(linear(xkv, w[prefix + "value.weight"], w.get(prefix + "value.bias") if biased else None), S)
    p = softmax(q @ k.transpose(0, 1, 3, 2) * scale + additive)
    ctx = (p @ v).transpose(0, 2, 1, 3).reshape(B, T, C)
    return linear(ctx, w[prefix + "output.weight"], w.get(prefix + "output.bias") if biased else None)


def bert(w):
    eps = 1e-12
    B, T = BERT_IDS.shape
    x = w["tokens.weight"][BERT_IDS] + w["segments.weight"][BERT_SEGMENTS] + w["positional.weight"][np.arange(T)][None]
    x = layer_norm(x, w["embedding_norm.weight"], w["embedding_norm.bias"], eps)
    mask = np.where(BERT_IDS != 0, 0.0, NEG)[:, None, None, :]
    for i in range(2):
        p = f"blocks.{i}."
        a = attention(w, p + "self_attention.", x, x, mask, 1 / math.sqrt(16 // HEADS), True)
        x = layer_norm(x + a, w[p + "self_residual.norm.weight"], w[p + "self_residual.norm.bias"], eps)
        f = linear(gelu(linear(x, w[p + "ffn.up.weight"], w[p + "ffn.up.bias"])), w[p + "ffn.down.weight"], w[p + "ffn.down.bias"])
        x = layer_norm(x + f, w[p + "ffn_residual.norm.weight"], w[p + "ffn_residual.norm.bias"], eps)
    t = layer_norm(gelu(linear(x, w["mlm.dense.weight"], w["mlm.dense.bias"])), w["mlm.norm.weight"], w["mlm.norm.bias"], eps)
    pooled = np.tanh(linear(x[:, 0], w["pooler.dense.weight"], w["pooler.dense.bias"]))
    return {
        "hidden": x,
        "mlm_logits": t @ w["tokens.weight"].T + w["mlm.bias"],
        "pooled": pooled,
        "nsp_logits": linear(pooled, w["nsp.weight"], w["nsp.bias"]),
        "class_logits": linear(pooled, w["classifier.weight"], w["classifier.bias"]),
    }


def t5_bucket(relative, bidirectional, num_buckets, max_distance):
    """Hugging Face's T5Attention._relative_position_bucket for one relative = key - query."""
    ret = 0
    if bidirectional:
        num_buckets //= 2
        ret += num_buckets if relative > 0 else 0
        n = abs(relative)
    else:
        n = -min(relative, 0)
    max_exact = num_buckets // 2
    if n < max_exact:
        return ret + n
    large = max_exact + int(math.log(n / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact))
    return ret + min(large, num_buckets - 1)


def t5_bias(table, T, S, bidirectional):
    b = np.zeros((HEADS, T, S))
    for i in range(T):
        for j in range(S):
            b[:, i, j] = table[t5_bucket(j - i, bidirectional, 8, 12)]
    return b


def t5(w):
    eps = 1e-6
    d = 16
    E = w["tokens.weight"]
    B, S = T5_SOURCE.shape
    T = T5_TARGET.shape[1]
    source_mask = np.where(T5_SOURCE != 0, 0.0, NEG)[:, None, None, :]
    x = E[T5_SOURCE]
    bias = t5_bias(w["encoder.positional.weight"], S, S, True)[None] + source_mask
    for i in range(2):
        p = f"encoder.blocks.{i}."
        h = rms_norm(x, w[p + "self_residual.norm.weight"], eps)
        x = x + attention(w, p + "self_attention.", h, h, bias, 1.0, False)
        h = rms_norm(x, w[p + "ffn_residual.norm.weight"], eps)
        x = x + linear(np.maximum(linear(h, w[p + "ffn.up.weight"]), 0), w[p + "ffn.down.weight"])
    memory = rms_norm(x, w["encoder.final_norm.weight"], eps)

    y = E[T5_TARGET]
    causal = np.where(np.arange(T)[None, :] <= np.arange(T)[:, None], 0.0, NEG)
    self_bias = (t5_bias(w["decoder.positional.weight"], T, T, False) + causal)[None]
    for i in range(2):
        p = f"decoder.blocks.{i}."
        h = rms_norm(y, w[p + "self_residual.norm.weight"], eps)
        y = y + attention(w, p + "self_attention.", h, h, self_bias, 1.0, False)
        h = rms_norm(y, w[p + "cross_residual.norm.weight"], eps)
        y = y + attention(w, p + "cross_attention.", h, memory, source_mask, 1.0, False)
        h = rms_norm(y, w[p + "ffn_residual.norm.weight"], eps)
        y = y + linear(np.maximum(linear(h, w[p + "ffn.up.weight"]), 0), w[p + "ffn.down.weight"])
    y = rms_norm(y, w["decoder.final_norm.weight"], eps) * d ** -0.5  # tied head: T5 rescales by d^-1/2
    return {"encoder_output": memory, "logits": y @ E.T}


if __name__ == "__main__":
    folder = sys.argv[1]
    write_safetensors(folder + "/bert-tiny-expected.safetensors", bert(read_safetensors(folder + "/bert-tiny-weights.safetensors")))
    write_safetensors(folder + "/t5-tiny-expected.safetensors", t5(read_safetensors(folder + "/t5-tiny-weights.safetensors")))
