package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.model.heads.MlmHead;
import io.github.swapformer.arch.model.heads.Pooler;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Dropout;
import io.github.swapformer.core.nn.Embedding;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An encoder-only model in the shape of BERT (Devlin et al. 2019, arXiv 1810.04805): token +
 * segment embeddings and the positional encoding, summed; with POST placement (BERT's) the sum is
 * normalized, as BERT does; dropout; N bidirectional blocks with padded keys hidden; a final norm
 * where the placement needs one; and the heads of {@link EncoderHeads}: pooler (dense + tanh on
 * [CLS]), masked LM (transform + decoder tied to the token embedding + bias), next sentence (2-way
 * linear on the pooled state) and sequence classification (classes-way linear on the pooled state).
 *
 * <p>The constructor initializes every weight with {@link Initializer} from {@code seed}.
 */
public final class EncoderOnlyModel extends Module implements AuxiliaryLoss {
    private final TransformerConfig config;
    private final Embedding tokens;
    private final Embedding segments;      // null without segments
    private final PositionalEncoding positional;
    private final Layer embeddingNorm;     // null unless POST placement
    private final Dropout dropout;
    private final List<Block> blocks;
    private final Layer finalNorm;         // null for POST placement
    private final Pooler pooler;           // each head null when absent
    private final MlmHead mlm;
    private final Linear nsp;
    private final Linear classifier;

    public EncoderOnlyModel(TransformerConfig config, long seed) {
        if (config.architecture() != ArchitectureKind.ENCODER_ONLY) {
            throw new IllegalArgumentException("EncoderOnlyModel needs an ENCODER_ONLY config, got " + config.architecture());
        }
        this.config = config;
        int d = config.dModel();
        this.tokens = child("tokens", new Embedding(config.vocabSize(), d));
        this.segments = config.segments() > 0 ? child("segments", new Embedding(config.segments(), d)) : null;
        this.positional = config.positional().build(config.attentionShape(false), Initializer.positionalSeed(seed, 0));
        positional.learned().ifPresent(m -> child("positional", m));
        boolean post = config.block().placement() == NormPlacement.POST;
        this.embeddingNorm = post ? child("embedding_norm", newNorm()) : null;
        this.dropout = child("embedding_dropout", new Dropout(config.block().dropout()));
        List<Block> list = new ArrayList<>();
        for (int i = 0; i < config.nLayers(); i++) {
            list.add(child("blocks." + i, new Block(config.attentionShape(false), config.block(), config.nLayers(), false, config.scaledScores())));
        }
        this.blocks = Collections.unmodifiableList(list);
        this.finalNorm = post ? null : child("final_norm", newNorm());
        EncoderHeads heads = config.encoderHeads();
        this.pooler = heads.pooler() ? child("pooler", new Pooler(d)) : null;
        this.mlm = heads.mlm() ? child("mlm", new MlmHead(d, config.vocabSize(), newNorm(), config.head() == HeadTying.TIED,
                config.block().ffn().gelu())) : null;
        this.nsp = heads.nsp() ? child("nsp", Linear.withBias(d, 2)) : null;
        this.classifier = heads.classes() > 0 ? child("classifier", Linear.withBias(d, heads.classes())) : null;
        initialize(Initializer.of(config, seed));
    }

    private Layer newNorm() {
        return config.block().normKind().create(config.dModel(), config.block().normEps());
    }

    private void initialize(Initializer init) {
        init.tokens(tokens);
        if (segments != null) {
            init.embedding(segments);
        }
        for (Block b : blocks) {
            init.block(b, blocks.size());
        }
        for (Layer n : new Layer[] {embeddingNorm, finalNorm}) {
            if (n != null) {
                init.norms(n);
            }
        }
        if (pooler != null) {
            init.dense(pooler.dense());
        }
        if (mlm != null) {
            init.dense(mlm.dense());
            init.norms(mlm.norm());
            if (mlm.decoder() != null) {
                init.dense(mlm.decoder());
            }
        }
        for (Linear l : new Linear[] {nsp, classifier}) {
            if (l != null) {
                init.dense(l);
            }
        }
    }

    /** Hidden states (B, T, C); keys holding [PAD] are hidden from attention; segments null: all segment 0. */
    public Tensor hidden(Tape tape, int[] ids, int[] segmentIds, int batch, int length) {
        return hidden(tape, ids, segmentIds, batch, length, Padding.valid(ids, batch, length, config.specialIds().pad()));
    }

    /**
     * Hidden states (B, T, C) for ids (B·T, row-major) and segment ids (B·T, or null for all 0);
     * {@code valid[b][t]} false hides key t of row b from every query (null: every key visible).
     */
    public Tensor hidden(Tape tape, int[] ids, int[] segmentIds, int batch, int length, boolean[][] valid) {
        checkIds(ids, batch, length);
        Positions positions = Positions.first(length);
        Tensor x = tokens.forward(tape, ids, batch, length);
        if (segmentIds != null || segments != null) {
            x = Elementwise.add(tape, x, segmentEmbedding(tape, segmentIds, batch, length));
        }
        x = positional.embed(tape, x, positions);
        if (embeddingNorm != null) {
            x = embeddingNorm.forward(tape, x);
        }
        x = dropout.forward(tape, x);
        Tensor mask = Padding.mask(valid, batch, length, length);
        AttentionContext ctx = new AttentionContext(positional, positions, mask);
        for (Block block : blocks) {
            x = block.forward(tape, x, ctx, null);
        }
        return finalNorm != null ? finalNorm.forward(tape, x) : x;
    }

    private Tensor segmentEmbedding(Tape tape, int[] segmentIds, int batch, int length) {
        if (segments == null) {
            throw new IllegalArgumentException("segment ids were given but the model has no segment table (segments 0)");
        }
        int[] ids = segmentIds != null ? segmentIds : new int[batch * length];
        if (ids.length != batch * length) {
            throw new IllegalArgumentException("segment ids has " + ids.length + " entries, expected batch " + batch + " × length " + length);
        }
        return segments.forward(tape, ids, batch, length);
    }

    /** The pooled [CLS] state (B, C): tanh(dense(hidden[:, 0])). */
    public Tensor pooled(Tape tape, Tensor hidden) {
        return require(pooler, "pooler").forward(tape, hidden);
    }

    /** Masked-LM logits (B, T, V) from hidden states (B, T, C). */
    public Tensor mlmLogits(Tape tape, Tensor hidden) {
        return require(mlm, "mlm").forward(tape, hidden, tokens.weight());
    }

    /** Next-sentence logits (B, 2) from the pooled state (B, C): index 0 "is next", 1 "is random" (as BERT). */
    public Tensor nspLogits(Tape tape, Tensor pooled) {
        return require(nsp, "nsp").forward(tape, pooled);
    }

    /** Classification logits (B, classes) from the pooled state (B, C), after dropout (as BERT's fine-tuning). */
    public Tensor classLogits(Tape tape, Tensor pooled) {
        return require(classifier, "classifier").forward(tape, dropout.forward(tape, pooled));
    }

    private <T> T require(T head, String name) {
        if (head == null) {
            throw new IllegalArgumentException("this model has no " + name + " head (encoder_heads " + config.encoderHeads() + ")");
        }
        return head;
    }

    private static void checkIds(int[] ids, int batch, int length) {
        if (ids == null || ids.length != batch * length) {
            throw new IllegalArgumentException("ids has " + (ids == null ? "no" : ids.length) + " tokens, expected batch "
                    + batch + " × length " + length);
        }
    }

    /** The sum of the blocks' auxiliary losses (MoE router losses) from forward passes on {@code tape}, or null. */
    @Override
    public Tensor auxiliaryLoss(Tape tape) {
        return AuxiliaryLoss.sum(tape, blocks);
    }

    public TransformerConfig config() {
        return config;
    }

    public Embedding tokens() {
        return tokens;
    }

    /** The segment table, or {@code null} without segments. */
    public Embedding segments() {
        return segments;
    }

    public PositionalEncoding positional() {
        return positional;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The embedding norm (POST placement), else {@code null}. */
    public Layer embeddingNorm() {
        return embeddingNorm;
    }

    /** The final norm (PRE and SANDWICH placement), else {@code null}. */
    public Layer finalNorm() {
        return finalNorm;
    }

    public Pooler pooler() {
        return pooler;
    }

    public MlmHead mlm() {
        return mlm;
    }

    public Linear nsp() {
        return nsp;
    }

    public Linear classifier() {
        return classifier;
    }
}
