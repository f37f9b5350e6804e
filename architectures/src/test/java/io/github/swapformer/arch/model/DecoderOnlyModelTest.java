package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecoderOnlyModelTest {
    static TransformerConfig tiny(PositionalKind kind) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU),
                true, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, 11, 16, 2, 2, 2, 0, 32,
                kind.defaultSpec(), block, HeadTying.TIED, true);
    }

    static DecoderOnlyModel model(PositionalKind kind) {
        DecoderOnlyModel m = new DecoderOnlyModel(tiny(kind), 1);
        Rng rng = new Rng(2);
        for (Parameter p : m.parameters()) {
            if (p.tensor().rank() >= 2) {
                Init.normal(p.tensor(), 0.3, rng);
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void forwardBackwardAndCausality(PositionalKind kind) {
        DecoderOnlyModel m = model(kind);
        int[] ids = {1, 2, 3, 4, 5, 6, 7, 8};
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.recording(pool);
            Tensor logits = m.logits(tape, ids, 2, 4);
            assertArrayEquals(new int[] {2, 4, 11}, logits.shape());
            tape.backward(Losses.crossEntropy(tape, logits, new int[] {2, 3, 4, 5, 6, 7, 8, 9}));
            double g = 0;
            for (Parameter p : m.parameters()) {
                for (float v : p.tensor().grad()) {
                    g += v * v;
                }
            }
            assertTrue(g > 0 && Double.isFinite(g), kind + ": gradient norm " + g);

            int[] changed = ids.clone();
            changed[3] = 9; // the last token of row 0
            Tensor a = m.logits(Tape.inference(pool), ids, 2, 4);
            Tensor b = m.logits(Tape.inference(pool), changed, 2, 4);
            for (int i = 0; i < 3 * 11; i++) {
                assertEquals(a.data()[i], b.data()[i], 0f, kind + ": earlier logits changed at " + i);
            }
            assertTrue(!Arrays.equals(Arrays.copyOfRange(a.data(), 33, 44), Arrays.copyOfRange(b.data(), 33, 44)));
        }
    }
}
