package io.github.swapformer.arch.model;

import io.github.swapformer.arch.attention.Attention;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.ffn.GatedFfn;
import io.github.swapformer.arch.ffn.MixtureOfExperts;
import io.github.swapformer.arch.ffn.Mlp;
import io.github.swapformer.core.nn.Embedding;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Writes a family's initial weights ({@link InitScheme}) into a model's parts, drawing from one
 * stream {@code Seeds.derive(seed, "init")} in the models' fixed construction order, so a seed
 * always gives the same model. Biases become 0 and norm gains 1. DeepNorm (Wang et al. 2022,
 * arXiv 2203.00555, Fig. 2) multiplies the standard deviation of the value, attention-output and
 * FFN weights by β = (8N)^−¼; DeepNet itself starts from Xavier normal, here β scales the
 * family's own rule. Positional encodings initialize their own parameters (each per its paper)
 * from {@link #positionalSeed}.
 */
public final class Initializer {
    private static final double STD = 0.02;

    private final TransformerConfig config;
    private final long seed;
    private final Rng rng;

    private Initializer(TransformerConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.rng = new Rng(Seeds.derive(seed, Seeds.INIT));
    }

    /** An initializer for models of {@code config} seeded by the run seed {@code seed}. */
    public static Initializer of(TransformerConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("config is required (got null)");
        }
        return new Initializer(config, seed);
    }

    /** The seed a stack's positional encoding is built with (stack 0: the only or the encoder stack; 1: the decoder). */
    public static long positionalSeed(long seed, int stack) {
        return Seeds.derive(seed, Seeds.INIT, 1 + stack);
    }

    /**
     * A token table: N(0, 0.02²), T5 N(0, 1); a BERT-initialized encoder also zeroes the [PAD] row,
     * as Hugging Face's {@code padding_idx} does.
     */
    public void tokens(Embedding tokens) {
        Tensor w = tokens.weight();
        Init.normal(w, config.init() == InitScheme.T5 ? 1.0 : STD, rng);
        if (config.init() == InitScheme.BERT && config.architecture() == ArchitectureKind.ENCODER_ONLY) {
            int pad = config.specialIds().pad();
            Arrays.fill(w.data(), pad * w.dim(1), (pad + 1) * w.dim(1), 0f);
        }
    }

    /** Another table (segments): N(0, 0.02²). */
    public void embedding(Embedding table) {
        Init.normal(table.weight(), STD, rng);
    }

    /** An untied language-model head: N(0, 0.02²), T5 N(0, 1). */
    public void head(Linear head) {
        linear(head, config.init() == InitScheme.T5 ? 1.0 : STD);
    }

    /** A dense layer of a task head (pooler, MLM transform, NSP, classifier): N(0, 0.02²). */
    public void dense(Linear layer) {
        linear(layer, STD);
    }

    /** Gains 1, shifts 0 (LayerNorm, RMSNorm, and every norm inside a module). */
    public void norms(Module module) {
        for (Parameter p : module.parameters()) {
            if (p.name().endsWith("weight")) {
                Init.ones(p.tensor());
            } else {
                Init.zeros(p.tensor());
            }
        }
    }

    /** One block of a stack of {@code layers}: its attentions, its FFN and the norms of its residuals. */
    public void block(Block block, int layers) {
        attention(block.selfAttention(), layers);
        if (block.crossAttention() != null) {
            attention(block.crossAttention(), layers);
        }
        ffn(block.ffn(), layers);
        norms(block.selfResidual());
        if (block.crossResidual() != null) {
            norms(block.crossResidual());
        }
        norms(block.ffnResidual());
    }

    /** Query, key, value and output projections of one attention in a stack of {@code layers}. */
    public void attention(Attention a, int layers) {
        double beta = config.block().residual().beta(layers);
        int d = config.dModel();
        int hs = config.headDim();
        switch (config.init()) {
            case T5 -> {
                linear(a.query(), 1.0 / Math.sqrt((double) d * hs));
                linear(a.key(), 1.0 / Math.sqrt(d));
                linear(a.value(), beta / Math.sqrt(d));
                linear(a.output(), beta / Math.sqrt((double) config.nHeads() * hs));
            }
            case GPT2, BERT -> {
                linear(a.query(), STD);
                linear(a.key(), STD);
                linear(a.value(), STD * beta);
                linear(a.output(), residualStd(layers) * beta);
            }
        }
    }

    /**
     * The FFN's input maps (up, and gate for gated units) and its output map (down); for a Mixture of
     * Experts, the router like an input map and each expert as an FFN.
     */
    public void ffn(Layer ffn, int layers) {
        double beta = config.block().residual().beta(layers);
        if (ffn instanceof MixtureOfExperts moe) {
            linear(moe.router(), config.init() == InitScheme.T5 ? 1.0 / Math.sqrt(config.dModel()) : STD);
            for (Layer expert : moe.experts()) {
                ffn(expert, layers);
            }
            return;
        }
        Linear[] inputs;
        Linear down;
        if (ffn instanceof Mlp mlp) {
            inputs = new Linear[] {mlp.up()};
            down = mlp.down();
        } else if (ffn instanceof GatedFfn gated) {
            inputs = new Linear[] {gated.gate(), gated.up()};
            down = gated.down();
        } else {
            throw new IllegalArgumentException("initializer: FFN " + ffn.getClass().getSimpleName() + " is not an Mlp or a GatedFfn");
        }
        boolean t5 = config.init() == InitScheme.T5;
        for (Linear in : inputs) {
            linear(in, beta * (t5 ? 1.0 / Math.sqrt(config.dModel()) : STD));
        }
        linear(down, beta * (t5 ? 1.0 / Math.sqrt(down.inFeatures()) : residualStd(layers)));
    }

    /** The seed of the run this initializer was made for. */
    public long seed() {
        return seed;
    }

    private double residualStd(int layers) {
        return config.init() == InitScheme.GPT2 ? Init.gpt2ResidualStd(STD, layers) : STD;
    }

    private void linear(Linear layer, double std) {
        Init.normal(layer.weight(), std, rng);
        if (layer.bias() != null) {
            Init.zeros(layer.bias());
        }
    }
}
