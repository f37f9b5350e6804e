package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.attention.Masks;
import io.github.swapformer.arch.ffn.AuxiliaryLoss;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Embedding;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.Positions;

/**
 * An encoder-decoder in the shape of the original Transformer (Vaswani et al. 2017, §3.1) and T5
 * (Raffel et al. 2020, JMLR 21(140), §2.1): an encoder {@link Stack} over the source, a decoder
 * stack with causal self-attention and cross-attention to the encoder's output, each stack with
 * its own positional encoding (built bidirectional for the encoder and causal for the decoder,
 * and shared by the stack's layers), token tables shared or one per stack, and a language-model
 * head. When the head is tied to the decoder's token table, the decoder's output is first scaled
 * by d^−½ — T5's rule (Hugging Face's {@code T5ForConditionalGeneration}), since T5's tied table
 * is initialized N(0, 1) rather than at the output layer's scale. The decoder starts from [PAD]
 * ({@link SpecialIds#pad()}), as T5. The constructor initializes every weight with {@link Initializer}.
 *
 * <p>Not done here: the original Transformer's √d scaling of the input embeddings (§3.4), and
 * DeepNet's encoder-decoder α and β (Wang et al. 2022, Table 1): with DEEPNORM each stack uses the
 * single-stack formulas α = (2N)^¼, β = (8N)^−¼ of its own depth.
 */
public final class EncoderDecoderModel extends Module implements AuxiliaryLoss {
    private final TransformerConfig config;
    private final Embedding encoderTokens;
    private final Embedding decoderTokens; // the same object as encoderTokens when shared
    private final Stack encoder;
    private final Stack decoder;
    private final Linear head;             // null when tied

    public EncoderDecoderModel(TransformerConfig config, long seed) {
        if (config.architecture() != ArchitectureKind.ENCODER_DECODER) {
            throw new IllegalArgumentException("EncoderDecoderModel needs an ENCODER_DECODER config, got " + config.architecture());
        }
        this.config = config;
        int v = config.vocabSize();
        int d = config.dModel();
        if (config.embeddingSharing() == EmbeddingSharing.SHARED) {
            this.encoderTokens = child("tokens", new Embedding(v, d));
            this.decoderTokens = encoderTokens;
        } else {
            this.encoderTokens = child("encoder_tokens", new Embedding(v, d));
            this.decoderTokens = child("decoder_tokens", new Embedding(v, d));
        }
        this.encoder = child("encoder", new Stack(config, false, config.nLayers(), Initializer.positionalSeed(seed, 0)));
        this.decoder = child("decoder", new Stack(config, true, config.nDecoderLayers(), Initializer.positionalSeed(seed, 1)));
        this.head = config.head() == HeadTying.UNTIED ? child("head", Linear.withoutBias(d, v)) : null;
        Initializer init = Initializer.of(config, seed);
        init.tokens(encoderTokens);
        if (decoderTokens != encoderTokens) {
            init.tokens(decoderTokens);
        }
        encoder.initialize(init);
        decoder.initialize(init);
        if (head != null) {
            init.head(head);
        }
    }

    /** The encoder's output (B, S, C) for source ids (B·S); sources holding [PAD] are hidden from attention. */
    public Tensor encode(Tape tape, int[] ids, int batch, int length) {
        return encode(tape, ids, batch, length, Padding.valid(ids, batch, length, config.specialIds().pad()));
    }

    /** The encoder's output (B, S, C); {@code valid[b][s]} false hides source s of row b (null: none hidden). */
    public Tensor encode(Tape tape, int[] ids, int batch, int length, boolean[][] valid) {
        checkIds(ids, batch, length);
        Tensor x = encoderTokens.forward(tape, ids, batch, length);
        return encoder.forward(tape, x, Positions.first(length), Padding.mask(valid, batch, length, length), null, null, null);
    }

    /** Teacher-forced logits (B, T, V) for target ids (B·T) at positions 0…T−1 over the encoder's memory (B, S, C). */
    public Tensor logits(Tape tape, Tensor memory, boolean[][] memoryValid, int[] ids, int batch, int length) {
        return logits(tape, memory, memoryValid, ids, batch, length, Positions.first(length), null);
    }

    /**
     * Logits (B, T, V) for target ids at the given positions. With a cache, the new tokens attend to
     * every cached one and are appended to the cache (incremental decoding); the memory's keys and
     * values are projected again at each step.
     */
    public Tensor logits(Tape tape, Tensor memory, boolean[][] memoryValid, int[] ids, int batch, int length,
                         Positions positions, KvCache cache) {
        checkIds(ids, batch, length);
        if (memory == null || memory.rank() != 3 || memory.dim(0) != batch || memory.dim(2) != config.dModel()) {
            throw new IllegalArgumentException("memory " + (memory == null ? "null" : memory.shapeString())
                    + " must be the encoder's output (" + batch + ", S, " + config.dModel() + ")");
        }
        int keys = (cache == null ? 0 : cache.length()) + length;
        Tensor x = decoderTokens.forward(tape, ids, batch, length);
        Tensor selfMask = Masks.causal(batch, length, keys);
        Tensor crossMask = Padding.mask(memoryValid, batch, length, memory.dim(1));
        Tensor h = decoder.forward(tape, x, positions, selfMask, cache, memory, crossMask);
        if (head != null) {
            return head.forward(tape, h);
        }
        return Matmul.linear(tape, Elementwise.scale(tape, h, (float) (1.0 / Math.sqrt(config.dModel()))), decoderTokens.weight(), null);
    }

    /** Encodes the source (B·S ids, [PAD] hidden) and returns teacher-forced logits (B, T, V) for the targets (B·T ids). */
    public Tensor logits(Tape tape, int[] sourceIds, int sourceLength, int[] targetIds, int targetLength, int batch) {
        boolean[][] valid = Padding.valid(sourceIds, batch, sourceLength, config.specialIds().pad());
        Tensor memory = encode(tape, sourceIds, batch, sourceLength, valid);
        return logits(tape, memory, valid, targetIds, batch, targetLength);
    }

    private static void checkIds(int[] ids, int batch, int length) {
        if (ids == null || ids.length != batch * length) {
            throw new IllegalArgumentException("ids has " + (ids == null ? "no" : ids.length) + " tokens, expected batch "
                    + batch + " × length " + length);
        }
    }

    /** A fresh cache for the decoder's self-attention. */
    public KvCache newCache() {
        return new KvCache(decoder.blocks().size());
    }

    /** The token the decoder starts from: [PAD], as T5. */
    public int decoderStartId() {
        return config.specialIds().pad();
    }

    /** The sum of both stacks' auxiliary losses (MoE router losses) from forward passes on {@code tape}, or null. */
    @Override
    public Tensor auxiliaryLoss(Tape tape) {
        return AuxiliaryLoss.plus(tape, AuxiliaryLoss.sum(tape, encoder.blocks()), AuxiliaryLoss.sum(tape, decoder.blocks()));
    }

    public TransformerConfig config() {
        return config;
    }

    public Embedding encoderTokens() {
        return encoderTokens;
    }

    /** The decoder's token table: the encoder's when shared. */
    public Embedding decoderTokens() {
        return decoderTokens;
    }

    public Stack encoder() {
        return encoder;
    }

    public Stack decoder() {
        return decoder;
    }

    /** The untied head, or {@code null} when the head is the decoder's token table. */
    public Linear head() {
        return head;
    }
}
