package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Dropout;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One stack of an encoder-decoder (Vaswani et al. 2017, §3.1): its own positional encoding — one
 * instance for all its layers, so T5's relative bias is shared across layers (Raffel et al. 2020,
 * §2.1) — embedding dropout, N blocks (cross-attending in the decoder) and a final norm where the
 * placement needs one. The token embedding belongs to the model, which may share it.
 */
public final class Stack extends Module {
    private final PositionalEncoding positional;
    private final Dropout dropout;
    private final List<Block> blocks;
    private final Layer finalNorm; // null for POST placement

    /**
     * @param causal       true for the decoder: causal self-attention and cross-attention blocks
     * @param layers       number of blocks
     * @param positionSeed the seed the positional encoding initializes itself from
     */
    Stack(TransformerConfig config, boolean causal, int layers, long positionSeed) {
        this.positional = config.positional().build(config.attentionShape(causal), positionSeed);
        positional.learned().ifPresent(m -> child("positional", m));
        this.dropout = child("embedding_dropout", new Dropout(config.block().dropout()));
        List<Block> list = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            list.add(child("blocks." + i, new Block(config.attentionShape(causal), config.block(), layers, causal, config.scaledScores())));
        }
        this.blocks = Collections.unmodifiableList(list);
        this.finalNorm = config.block().placement().needsFinalNorm()
                ? child("final_norm", config.block().normKind().create(config.dModel(), config.block().normEps())) : null;
    }

    /**
     * Embedded tokens x (B, T, C) at {@code positions} → the stack's output (B, T, C). {@code mask}
     * (B, 1, T, S) is the self-attention mask; the decoder also takes the encoder's memory (B, S', C)
     * with its mask (B, 1, T, S') and, when decoding step by step, a cache.
     */
    Tensor forward(Tape tape, Tensor x, Positions positions, Tensor mask, KvCache cache, Tensor memory, Tensor memoryMask) {
        Tensor h = dropout.forward(tape, positional.embed(tape, x, positions));
        AttentionContext ctx = new AttentionContext(positional, positions, mask);
        for (int i = 0; i < blocks.size(); i++) {
            h = blocks.get(i).forward(tape, h, ctx, cache == null ? null : cache.layer(i), memory, memoryMask);
        }
        return finalNorm != null ? finalNorm.forward(tape, h) : h;
    }

    void initialize(Initializer init) {
        for (Block b : blocks) {
            init.block(b, blocks.size());
        }
        if (finalNorm != null) {
            init.norms(finalNorm);
        }
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
}
