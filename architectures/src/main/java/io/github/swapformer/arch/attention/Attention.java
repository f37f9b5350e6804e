package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Dropout;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Layout;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2), with grouped- and
 * multi-query key/value heads. Position enters only through the encoding's hooks: rotations of q
 * and k, additive score biases and value terms; attention never asks which encoding it has.
 */
public final class Attention extends Module {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final AttentionShape shape;
    private final float scale;
    private final float dropout;

    /**
     * @param scaled whether scores are divided by √HS (T5 folds that factor into its initialization)
     */
    public Attention(AttentionShape shape, boolean bias, boolean scaled, double attentionDropout) {
        int c = shape.dModel();
        int q = shape.nHeads() * shape.headDim();
        int kv = shape.nKvHeads() * shape.headDim();
        this.query = child("query", bias ? Linear.withBias(c, q) : Linear.withoutBias(c, q));
        this.key = child("key", bias ? Linear.withBias(c, kv) : Linear.withoutBias(c, kv));
        this.value = child("value", bias ? Linear.withBias(c, kv) : Linear.withoutBias(c, kv));
        this.output = child("output", bias ? Linear.withBias(q, c) : Linear.withoutBias(q, c));
        this.shape = shape;
        this.scale = scaled ? (float) (1.0 / Math.sqrt(shape.headDim())) : 1f;
        this.dropout = (float) attentionDropout;
    }

    /**
     * Self-attention over x (B, T, C) → (B, T, C). With a cache, the new keys and values are
     * appended to it and the queries attend over everything cached (the mask is then (B, 1, T, S)).
     */
    public Tensor forward(Tape tape, Tensor x, AttentionContext ctx, KvCache.Slot cache) {
        PositionalEncoding pe = ctx.encoding();
        Positions pos = ctx.positions();
        Tensor q = pe.rotateQueries(tape, Layout.splitHeads(tape, query.forward(tape, x), shape.nHeads()), pos);
        Tensor k = pe.rotateKeys(tape, Layout.splitHeads(tape, key.forward(tape, x), shape.nKvHeads()), pos);
        Tensor v = Layout.splitHeads(tape, value.forward(tape, x), shape.nKvHeads());
        Positions keyPos = pos;
        if (cache != null) {
            k = cache.appendKeys(k);
            v = cache.appendValues(v);
            keyPos = Positions.range(0, k.dim(2));
        }
        return attend(tape, q, k, v, ctx.mask(), pe, pos, keyPos);
    }

    /**
     * Cross-attention: queries from the decoder's x (B, T, C), keys and values from the encoder's
     * memory (B, S, C); T and S may differ. No positional hooks: positions were already taken into
     * account on each side (as in the original Transformer and T5).
     */
    public Tensor forwardCross(Tape tape, Tensor x, Tensor memory, Tensor mask) {
        Tensor q = Layout.splitHeads(tape, query.forward(tape, x), shape.nHeads());
        Tensor k = Layout.splitHeads(tape, key.forward(tape, memory), shape.nKvHeads());
        Tensor v = Layout.splitHeads(tape, value.forward(tape, memory), shape.nKvHeads());
        return attend(tape, q, k, v, mask, null, null, null);
    }

    private Tensor attend(Tape tape, Tensor q, Tensor k, Tensor v, Tensor mask,
                          PositionalEncoding pe, Positions queryPos, Positions keyPos) {
        int groups = shape.nHeads() / shape.nKvHeads();
        k = Heads.repeat(tape, k, groups);
        v = Heads.repeat(tape, v, groups);
        Tensor scores = Matmul.matmulTransposed(tape, q, k);            // (B, NH, T, S)
        if (scale != 1f) {
            scores = Elementwise.scale(tape, scores, scale);
        }
        if (pe != null) {
            scores = pe.biasScores(tape, scores, q, queryPos, keyPos);
        }
        Tensor probs = Softmax.softmax(tape, scores, mask);
        if (dropout > 0f && tape.isRecording()) {
            probs = Dropout.apply(tape, probs, dropout, tape.nextRandomSeed());
        }
        Tensor out = Matmul.matmul(tape, probs, v);                      // (B, NH, T, HS)
        if (pe != null) {
            out = pe.mixValues(tape, out, probs, queryPos, keyPos);
        }
        return output.forward(tape, Layout.mergeHeads(tape, out));
    }

    public AttentionShape shape() {
        return shape;
    }

    public Linear query() {
        return query;
    }

    public Linear key() {
        return key;
    }

    public Linear value() {
        return value;
    }

    public Linear output() {
        return output;
    }
}
