package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Dropout;
import io.github.swapformer.core.nn.Embedding;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A decoder-only language model in the shape of GPT-2 (Radford et al. 2019) and LLaMA (Touvron et
 * al. 2023): token embedding, positional encoding, N causal blocks, a final norm where the
 * placement needs one, and a language-model head tied to the embedding or not.
 *
 * <p>The constructor initializes every weight with {@link Initializer} from {@code seed} (GPT-2's
 * scheme unless the config says otherwise); a checkpoint loaded afterwards replaces them.
 */
public final class DecoderOnlyModel extends Module implements AuxiliaryLoss {
    private final TransformerConfig config;
    private final Embedding tokens;
    private final PositionalEncoding positional;
    private final Dropout embeddingDropout;
    private final List<Block> blocks;
    private final Layer finalNorm; // null for POST placement
    private final Linear head;     // null when tied

    public DecoderOnlyModel(TransformerConfig config, long seed) {
        if (config.architecture() != ArchitectureKind.DECODER_ONLY) {
            throw new IllegalArgumentException("DecoderOnlyModel needs a DECODER_ONLY config, got " + config.architecture());
        }
        this.config = config;
        this.tokens = child("tokens", new Embedding(config.vocabSize(), config.dModel()));
        this.positional = config.positional().build(config.attentionShape(true), Initializer.positionalSeed(seed, 0));
        positional.learned().ifPresent(m -> child("positional", m));
        this.embeddingDropout = child("embedding_dropout", new Dropout(config.block().dropout()));
        List<Block> list = new ArrayList<>();
        for (int i = 0; i < config.nLayers(); i++) {
            list.add(child("blocks." + i, new Block(config.attentionShape(true), config.block(), config.nLayers(), false, config.scaledScores())));
        }
        this.blocks = Collections.unmodifiableList(list);
        this.finalNorm = config.block().placement().needsFinalNorm()
                ? child("final_norm", config.block().normKind().create(config.dModel(), config.block().normEps())) : null;
        this.head = config.head() == HeadTying.UNTIED
                ? child("head", Linear.withoutBias(config.dModel(), config.vocabSize())) : null;
        initialize(Initializer.of(config, seed));
    }

    private void initialize(Initializer init) {
        init.tokens(tokens);
        for (Block b : blocks) {
            init.block(b, blocks.size());
        }
        if (finalNorm != null) {
            init.norms(finalNorm);
        }
        if (head != null) {
            init.head(head);
        }
    }

    /** Logits (B, T, V) for token ids (B·T, row-major) at positions 0…T−1. */
    public Tensor logits(Tape tape, int[] ids, int batch, int length) {
        return logits(tape, ids, batch, length, Positions.first(length), null);
    }

    /**
     * Logits (B, T, V) for ids at the given positions. With a cache, the new tokens attend to every
     * cached one and are appended to the cache (incremental decoding).
     */
    public Tensor logits(Tape tape, int[] ids, int batch, int length, Positions positions, KvCache cache) {
        if (ids.length != batch * length) {
            throw new IllegalArgumentException("ids has " + ids.length + " tokens, expected batch " + batch + " × length " + length);
        }
        Tensor x = tokens.forward(tape, ids, batch, length);
        x = embeddingDropout.forward(tape, positional.embed(tape, x, positions));
        // the causal rule instead of a (B, 1, T, S) array: the streaming kernel stays linear in T
        AttentionContext ctx = AttentionContext.causal(positional, positions);
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(tape, x, ctx, cache == null ? null : cache.layer(i));
        }
        if (finalNorm != null) {
            x = finalNorm.forward(tape, x);
        }
        return head != null ? head.forward(tape, x) : Matmul.linear(tape, x, tokens.weight(), null);
    }

    /**
     * The training loss for ids (B·T) and next-token targets (B·T, {@link Losses#IGNORE_INDEX} where no
     * loss is taken): mean cross-entropy plus the blocks' auxiliary losses (MoE router losses), rank 0.
     */
    public Tensor loss(Tape tape, int[] ids, int[] targets, int batch, int length) {
        Tensor crossEntropy = Losses.crossEntropy(tape, logits(tape, ids, batch, length), targets);
        return AuxiliaryLoss.addTo(tape, crossEntropy, this);
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

    public PositionalEncoding positional() {
        return positional;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** The final norm, or {@code null} for POST placement. */
    public Layer finalNorm() {
        return finalNorm;
    }

    /** The untied head, or {@code null} when the head is the token embedding. */
    public Linear head() {
        return head;
    }

    /** A fresh cache for incremental decoding with this model. */
    public KvCache newCache() {
        return new KvCache(blocks.size());
    }
}
