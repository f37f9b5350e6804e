package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.checkpoint.CheckpointFamily;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.positional.PositionalKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MoE model saves in our own layout (no Hugging Face family expresses it) and loads back identical. */
class MoeCheckpointTest {
    @Test
    void roundTripsThroughOurLayout(@TempDir Path dir) throws Exception {
        MoeSpec moe = MoeSpec.switchTransformer(FfnKind.GEGLU, 3).withLossCoefficients(0.02, 0.001);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5, FfnSpec.moe(moe).withHidden(12).withBias(false),
                false, 0.0, 0.0, ResidualScaling.NONE);
        TransformerConfig c = new TransformerConfig(ArchitectureKind.DECODER_ONLY, 13, 8, 2, 2, 2, 0, 16,
                PositionalKind.ROPE.defaultSpec(), block, HeadTying.UNTIED, true);
        DecoderOnlyModel model = new DecoderOnlyModel(c, 7);
        assertEquals(CheckpointFamily.SWAPFORMER, Checkpoints.save(model, dir));
        DecoderOnlyModel loaded = Checkpoints.load(dir, DecoderOnlyModel.class);
        assertEquals(c, loaded.config());
        int[] ids = {1, 2, 3, 4, 5, 6};
        try (Parallel pool = Parallel.serial()) {
            assertArrayEquals(model.logits(Tape.inference(pool), ids, 2, 3).data(), loaded.logits(Tape.inference(pool), ids, 2, 3).data());
        }
    }
}
