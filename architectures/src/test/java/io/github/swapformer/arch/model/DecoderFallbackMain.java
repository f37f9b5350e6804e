package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.ffn.MoeSpec;
import io.github.swapformer.arch.attention.AttentionKernel;
import io.github.swapformer.arch.attention.AttentionSpec;
import io.github.swapformer.arch.model.heads.Tanh;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Reductions;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.PositionalSpec;
import io.github.swapformer.positional.RotaryPairing;
import io.github.swapformer.positional.Rope;
import java.util.Arrays;

/**
 * Two AdamW steps of a tiny decoder-only model with RoPE (GQA, 2 layers) for every {@link FfnKind},
 * MOE included (Mixtral-style top-2 over SwiGLU experts, with a capacity limit and both router
 * losses); then the same model with an MLP for every other positional encoding, and the BERT
 * pooler's tanh; for {@link DecoderFallbackTest}'s child JVMs. Prints one line:
 * {@code module=<bool> simd=<bool> <KIND>=<loss>,<loss> … params=<hash>}.
 */
public final class DecoderFallbackMain {
    private static final int VOCAB = 19, D_MODEL = 40, HEADS = 4, KV_HEADS = 2, LAYERS = 2, BATCH = 2, LENGTH = 7;
    private static final int STEPS = 2;

    private DecoderFallbackMain() {
    }

    public static void main(String[] args) {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        StringBuilder line = new StringBuilder("module=" + module + " simd=" + Simd.ENABLED);
        int hash = 1;
        try (Parallel pool = Parallel.of(2)) {
            for (FfnKind kind : FfnKind.values()) {
                hash = 31 * hash + train(config(kind, rope(kind)), kind.toString(), line, pool);
            }
            // The other encodings' kernels (absolute tables, relative biases) with an MLP: the same rule holds there.
            for (PositionalKind kind : PositionalKind.values()) {
                if (kind != PositionalKind.ROPE) {
                    hash = 31 * hash + train(config(FfnKind.MLP_GELU, kind.defaultSpec()), kind.toString(), line, pool);
                }
            }
            // The streaming attention kernel (online softmax), with a score bias and with rotations.
            for (PositionalKind kind : new PositionalKind[] {PositionalKind.ALIBI, PositionalKind.ROPE}) {
                hash = 31 * hash + train(config(FfnKind.MLP_GELU, kind.defaultSpec()), "STREAMING_" + kind, line, pool);
            }
            hash = 31 * hash + pooler(pool);
        }
        System.out.println(line.append(" params=").append(Integer.toHexString(hash)));
    }

    /** Trains a new model for {@link #STEPS} steps, appends {@code name=loss,loss}; returns its parameters' hash. */
    private static int train(TransformerConfig config, String name, StringBuilder line, Parallel pool) {
        DecoderOnlyModel model = new DecoderOnlyModel(config, 11);
        if (name.startsWith("STREAMING_")) {
            AttentionSpec streaming = AttentionSpec.defaults().withKernel(AttentionKernel.STREAMING).withBlockSize(3);
            model.blocks().forEach(b -> b.selfAttention().use(streaming));
        }
        AdamW optimizer = new AdamW(model.parameters(), AdamWConfig.defaults(), pool);
        Rng rng = new Rng(name.hashCode());
        int[] ids = new int[BATCH * LENGTH];
        int[] targets = new int[BATCH * LENGTH];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(VOCAB);
            targets[i] = rng.nextInt(VOCAB);
        }
        line.append(' ').append(name).append('=');
        for (int step = 0; step < STEPS; step++) {
            model.zeroGrad();
            Tape tape = Tape.recording(pool);
            Tensor loss = model.loss(tape, ids, targets, BATCH, LENGTH);
            tape.backward(loss);
            optimizer.step(1e-2);
            line.append(step == 0 ? "" : ",").append(loss.item());
        }
        int hash = 1;
        for (Parameter p : model.parameters()) {
            for (float v : p.tensor().data()) {
                hash = 31 * hash + Float.floatToIntBits(v);
            }
        }
        return hash;
    }

    /** The BERT pooler's tanh (its own kernels), forward and backward, outside a model. */
    private static int pooler(Parallel pool) {
        Tensor x = Tensor.zerosWithGrad(3, D_MODEL + 3);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (i % 11 - 5) * 0.3f;
        }
        Tape tape = Tape.recording(pool);
        tape.backward(Reductions.sum(tape, Tanh.apply(tape, x)));
        return Arrays.hashCode(x.grad());
    }

    /** Gated kinds and MOE get rotate-half RoPE, the MLPs adjacent pairs. */
    private static PositionalSpec rope(FfnKind kind) {
        boolean llamaLike = kind.gated() || kind == FfnKind.MOE;
        return Rope.Spec.defaults().withPairing(llamaLike ? RotaryPairing.ROTATE_HALF : RotaryPairing.ADJACENT);
    }

    /** Gated kinds and MOE get RMSNorm and no biases, the MLPs LayerNorm and biases. */
    private static TransformerConfig config(FfnKind kind, PositionalSpec positional) {
        boolean llamaLike = kind.gated() || kind == FfnKind.MOE;
        MoeSpec moe = MoeSpec.mixtral(FfnKind.SWIGLU, 4).withCapacityFactor(1.25).withLossCoefficients(0.01, 0.001);
        FfnSpec ffn = kind == FfnKind.MOE ? FfnSpec.moe(moe) : FfnSpec.of(kind);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, llamaLike ? NormKind.RMS_NORM : NormKind.LAYER_NORM, 1e-5,
                ffn, !llamaLike, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, VOCAB, D_MODEL, HEADS, KV_HEADS, LAYERS, 0, 16,
                positional, block, HeadTying.TIED, true);
    }
}
