package io.github.swapformer.arch.model;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalSpec;

/** Small configurations of every family for tests, and one forward entry point over all three. */
final class TinyConfigs {
    static final int VOCAB = 13;

    private TinyConfigs() {
    }

    /** d 8, 2 heads, 2 layers (and 2 decoder layers), 16 positions, no dropout, the family's placement. */
    static TransformerConfig of(ArchitectureKind arch, PositionalSpec positional) {
        NormPlacement placement = arch == ArchitectureKind.ENCODER_ONLY ? NormPlacement.POST : NormPlacement.PRE;
        BlockSpec block = new BlockSpec(placement, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU),
                true, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(arch, VOCAB, 8, 2, 2, 2, arch == ArchitectureKind.ENCODER_DECODER ? 2 : 0, 16,
                positional, block, HeadTying.TIED, true);
    }

    /**
     * The family's main output for ids (B·T): decoder logits (B, T, V); encoder MLM logits
     * (B, T, V); encoder-decoder logits (B, T, V) for the targets {@code ids}, over a fixed source.
     */
    static Tensor forward(Module model, Tape tape, int[] ids, int batch, int length) {
        if (model instanceof DecoderOnlyModel m) {
            return m.logits(tape, ids, batch, length);
        }
        if (model instanceof EncoderOnlyModel m) {
            return m.mlmLogits(tape, m.hidden(tape, ids, null, batch, length, null));
        }
        EncoderDecoderModel m = (EncoderDecoderModel) model;
        int[] source = new int[batch * 3];
        for (int i = 0; i < source.length; i++) {
            source[i] = 1 + i % (VOCAB - 1);
        }
        Tensor memory = m.encode(tape, source, batch, 3, null);
        return m.logits(tape, memory, null, ids, batch, length);
    }

    /** Inference forward on a serial pool. */
    static Tensor infer(Module model, int[] ids, int batch, int length) {
        try (Parallel pool = Parallel.serial()) {
            return forward(model, Tape.inference(pool), ids, batch, length);
        }
    }
}
