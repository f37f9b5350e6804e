package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.positional.PositionalKind;

/**
 * The small decoder-only model a throughput study times: GPT-2's shape (LayerNorm, biases, tied
 * head, no dropout) at a reduced size, with the encoding, FFN and norm placement of one measurement.
 *
 * @param context the model's max_positions: the rows of a learned absolute table, so the longest
 *                length such an encoding can run
 */
public record ModelShape(int dModel, int layers, int heads, int vocab, int context) {
    public ModelShape {
        positive("d_model", dModel);
        positive("layers", layers);
        positive("heads", heads);
        positive("vocab", vocab);
        positive("context", context);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " is not divisible by heads " + heads);
        }
    }

    /** d 256, 4 layers, 4 heads, a byte-sized vocabulary of 256, context 1024 (GPT-2's). */
    public static ModelShape defaults() {
        return new ModelShape(256, 4, 4, 256, 1024);
    }

    public int headDim() {
        return dModel / heads;
    }

    /** The configuration of one measured model (fails with the config's own message if the parts clash). */
    public TransformerConfig config(PositionalKind positional, FfnKind ffn, NormPlacement placement) {
        BlockSpec block = new BlockSpec(placement, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(ffn), true, 0.0, 0.0,
                ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, vocab, dModel, heads, heads, layers, 0, context,
                positional.defaultSpec(), block, HeadTying.TIED, true);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " " + value + " must be at least 1");
        }
    }
}
