package io.github.swapformer.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.positional.PositionalKind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LengthEvaluatorTest {

    static DecoderOnlyModel tiny(PositionalKind kind, int maxPositions) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU), true,
                0, 0, ResidualScaling.NONE);
        return new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, Vocabulary.SIZE, 16, 2, 2, 1, 0,
                maxPositions, kind.defaultSpec(), block, HeadTying.TIED, true), 1);
    }

    /** Every encoding runs at 4x the length its model was configured for, or says it cannot: never a crash. */
    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void everyEncodingEvaluatesAtFourTimesTheTrainLengthOrIsNotApplicable(PositionalKind kind) {
        TaskKind task = TaskKind.COPY;
        DecoderOnlyModel model = tiny(kind, task.inputLength(4));
        List<LengthResult> results = new LengthEvaluator(8, 3).evaluate(model, task, new int[] {4, 6, 8, 16}, 1, Parallel.serial());
        assertEquals(Status.OK, results.get(0).status());
        for (LengthResult r : results) {
            if (kind == PositionalKind.LEARNED_ABSOLUTE && r.evalLength() > 4) {
                assertEquals(Status.NOT_APPLICABLE, r.status(), r.toString());
                assertTrue(Double.isNaN(r.exactMatch()), "no fake zero");
                assertTrue(r.reason().contains("represents 8 positions"), r.reason());
            } else {
                assertEquals(Status.OK, r.status(), kind + " at " + r.evalLength() + ": " + r.reason());
                assertTrue(r.tokenAccuracy() >= 0 && r.tokenAccuracy() <= 1);
                assertTrue(Double.isFinite(r.loss()));
                assertEquals(r.evalLength(), r.perPosition().length);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TaskKind.class, names = {"COPY", "ADDITION"})
    void theTestSplitDependsOnSeedAndSizeOnly(TaskKind task) {
        LengthEvaluator e = new LengthEvaluator(5, 2);
        assertEquals(e.testSplit(task, 7, 3).toString(), e.testSplit(task, 7, 3).toString());
        assertTrue(!e.testSplit(task, 7, 3).toString().equals(e.testSplit(task, 7, 4).toString()));
    }
}
