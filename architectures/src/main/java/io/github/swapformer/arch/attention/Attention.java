package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Dropout;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Layout;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2), with grouped- and
 * multi-query key/value heads. Position enters only through the encoding's hooks: rotations of q
 * and k, additive score biases and value terms; attention never asks which encoding it has. The
 * {@link AttentionSpec} picks the kernel (plain or streaming) and the mask mode.
 */
public final class Attention extends Module {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final AttentionShape shape;
    private final float scale;
    private final float dropout;
    private volatile AttentionSpec spec;
    private volatile AttentionRecorder recorder; // set by recordInto; the context's recorder wins

    /**
     * @param scaled whether scores are divided by √HS (T5 folds that factor into its initialization)
     */
    public Attention(AttentionShape shape, boolean bias, boolean scaled, double attentionDropout) {
        this(shape, bias, scaled, attentionDropout, AttentionSpec.defaults());
    }

    public Attention(AttentionShape shape, boolean bias, boolean scaled, double attentionDropout, AttentionSpec spec) {
        if (!(attentionDropout >= 0 && attentionDropout < 1)) {
            throw new IllegalArgumentException("attentionDropout " + attentionDropout + " is outside [0, 1)");
        }
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
        use(spec);
    }

    /**
     * Self-attention over x (B, T, C) → (B, T, C). With a cache, the new keys and values are
     * written into it and the queries attend over everything cached (the mask is then (B, 1, T, S)).
     */
    public Tensor forward(Tape tape, Tensor x, AttentionContext ctx, KvCache.Slot cache) {
        PositionalEncoding pe = ctx.encoding();
        Positions pos = ctx.positions();
        Tensor q = pe.rotateQueries(tape, Layout.splitHeads(tape, query.forward(tape, x), shape.nHeads()), pos);
        Tensor k = pe.rotateKeys(tape, Layout.splitHeads(tape, key.forward(tape, x), shape.nKvHeads()), pos);
        Tensor v = Layout.splitHeads(tape, value.forward(tape, x), shape.nKvHeads());
        KeyValues kv = cache == null ? KeyValues.of(k, v) : cache.append(k, v);
        Positions keyPos = cache == null ? pos : Positions.range(0, kv.length());
        AttentionRecorder rec = ctx.recorder() != null ? ctx.recorder() : recorder;
        return attend(tape, q, kv, ctx.mask(), ctx.causal(), pe, pos, keyPos, rec);
    }

    /**
     * Cross-attention: queries from the decoder's x (B, T, C), keys and values from the encoder's
     * memory (B, S, C); T and S may differ. No positional hooks: positions were already taken into
     * account on each side (as in the original Transformer and T5).
     */
    public Tensor forwardCross(Tape tape, Tensor x, Tensor memory, Tensor mask) {
        return forwardCross(tape, x, memory, mask, recorder);
    }

    /** Cross-attention whose probabilities go to {@code recorder} (may be null). */
    public Tensor forwardCross(Tape tape, Tensor x, Tensor memory, Tensor mask, AttentionRecorder recorder) {
        Tensor q = Layout.splitHeads(tape, query.forward(tape, x), shape.nHeads());
        Tensor k = Layout.splitHeads(tape, key.forward(tape, memory), shape.nKvHeads());
        Tensor v = Layout.splitHeads(tape, value.forward(tape, memory), shape.nKvHeads());
        return attend(tape, q, KeyValues.of(k, v), mask, false, null, null, null, recorder);
    }

    private Tensor attend(Tape tape, Tensor q, KeyValues kv, Tensor mask, boolean causal, PositionalEncoding pe,
                          Positions queryPos, Positions keyPos, AttentionRecorder recorder) {
        AttentionSpec s = spec;
        int T = q.dim(2);
        int S = kv.length();
        boolean drops = dropout > 0f && tape.isRecording();
        boolean streaming = s.choose(T, S, recorder != null) == AttentionKernel.STREAMING;
        if (causal && T == 1) {
            causal = false; // one query after every key: the rule hides nothing (a decoding step)
        }
        if (causal && !(streaming && s.maskMode() != MaskMode.MULTIPLICATIVE)) { // the rule as an array
            // alone, one (1, 1, T, S) array that every batch row shares; with a mask, the mask's shape
            Tensor rule = Masks.causal(mask == null ? 1 : q.dim(0), T, S);
            mask = mask == null ? rule : Masks.combine(mask, rule);
            causal = false;
        }
        Tensor out;
        if (streaming) {
            long seed = drops ? tape.nextRandomSeed() : 0L;
            BlockBias bias = new BlockBias(pe, q, queryPos, keyPos, tape.pool());
            out = StreamingAttention.apply(tape, q, kv, mask, causal, s.maskMode(), scale, drops ? dropout : 0f, seed, bias,
                    s.blockSize());
        } else {
            Tensor scores = PlainAttention.scores(tape, q, kv);                // (B, NH, T, S)
            if (scale != 1f) {
                scores = Elementwise.scale(tape, scores, scale);
            }
            if (pe != null) {
                scores = pe.biasScores(tape, scores, q, queryPos, keyPos);
            }
            Tensor probs = MaskedProbabilities.apply(tape, scores, mask, s.maskMode());
            if (recorder != null) {
                recorder.capture(probs);
            }
            if (drops) {
                probs = Dropout.apply(tape, probs, dropout, tape.nextRandomSeed());
            }
            out = PlainAttention.mix(tape, probs, kv);                        // (B, NH, T, HS)
            if (pe != null) {
                out = pe.mixValues(tape, out, probs, queryPos, keyPos);
            }
        }
        return output.forward(tape, Layout.mergeHeads(tape, out));
    }

    /** Changes how this layer computes (kernel, mask mode), not what it has learned. */
    public void use(AttentionSpec newSpec) {
        if (newSpec == null) {
            throw new IllegalArgumentException("spec must be given (AttentionSpec.defaults() for the default)");
        }
        this.spec = newSpec;
    }

    /**
     * Sends this layer's probabilities to {@code r} on every call (null: stop), for models that
     * build their contexts themselves; a recorder in the context takes precedence.
     */
    public void recordInto(AttentionRecorder r) {
        this.recorder = r;
    }

    public AttentionSpec spec() {
        return spec;
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
