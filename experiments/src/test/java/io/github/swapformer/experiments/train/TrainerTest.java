package io.github.swapformer.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.workload.DecoderTaskWorkload;
import io.github.swapformer.positional.PositionalKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static DecoderOnlyModel model(PositionalKind kind, int d, int layers, int heads, int maxPositions, long seed) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(FfnKind.MLP_GELU), true,
                0, 0, ResidualScaling.NONE);
        return new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, Vocabulary.SIZE, d, heads, heads,
                layers, 0, maxPositions, kind.defaultSpec(), block, HeadTying.TIED, true), seed);
    }

    static Workload work(DecoderOnlyModel m, TaskKind task) {
        return new DecoderTaskWorkload(m, task, new LengthEvaluator(64, 64));
    }

    /** The task the whole module exists for, in miniature: copy of 4 symbols, learned to 100 %. */
    @Test
    void aTinyModelLearnsCopyToOneHundredPercentAtTheTrainLength() {
        TaskKind task = TaskKind.COPY;
        TrainConfig config = new TrainConfig(600, 32, 1, 5e-3, 50, 0.1, 0, 1, 200, 0, 4, 4);
        DecoderOnlyModel m = model(PositionalKind.LEARNED_ABSOLUTE, 32, 2, 2, task.inputLength(4), 3);
        TrainResult r = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(work(m, task), 3, null);
        assertFalse(r.diverged());
        assertEquals(600, r.curve().points().size());
        LengthResult atTrain = new LengthEvaluator(200, 100).evaluate(m, task, 4, 99, Parallel.serial());
        assertEquals(1.0, atTrain.exactMatch(), "exact match at size 4 after 600 steps; loss " + r.curve().recentTrainLoss(20));
        assertTrue(r.curve().points().get(599).evalLoss() < 0.05, "eval loss recorded on the last step");
    }

    @Test
    void aRunResumedFromItsCheckpointEqualsTheUninterruptedRun(@TempDir Path dir) {
        TaskKind task = TaskKind.REVERSE;
        TrainConfig config = new TrainConfig(12, 8, 2, 3e-3, 3, 0.1, 0.01, 1, 5, 5, 1, 3);
        DecoderOnlyModel straight = model(PositionalKind.ROPE, 16, 1, 2, task.inputLength(3), 5);
        TrainResult full = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(work(straight, task), 5, null);

        Path ckpt = dir.resolve("c.safetensors");
        DecoderOnlyModel first = model(PositionalKind.ROPE, 16, 1, 2, task.inputLength(3), 5);
        Trainer.Listener killer = (step, total, loss, lr) -> {
            if (step == 7) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> new Trainer(config, Parallel.serial(), killer)
                .train(work(first, task), 5, ckpt)); // dies after step 7; its checkpoint is at step 5
        assertTrue(Files.exists(ckpt));
        DecoderOnlyModel resumed = model(PositionalKind.ROPE, 16, 1, 2, task.inputLength(3), 123);
        TrainResult rest = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(work(resumed, task), 5, ckpt);
        assertEquals(5, rest.resumedFrom());
        assertEquals(full.curve().toCsv(), rest.curve().toCsv());
        Map<String, Tensor> a = straight.stateDict();
        Map<String, Tensor> b = resumed.stateDict();
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunAsDiverged() {
        TaskKind task = TaskKind.COPY;
        TrainConfig config = new TrainConfig(50, 8, 1, 1e30, 0, 1, 0, 1e30, 0, 0, 1, 3);
        DecoderOnlyModel m = model(PositionalKind.NOPE, 16, 1, 2, task.inputLength(3), 1);
        TrainResult r = new Trainer(config, Parallel.serial(), Trainer.Listener.NONE).train(work(m, task), 1, null);
        assertTrue(r.diverged(), "lr 1e30 must blow up; curve " + r.curve().toCsv());
        assertTrue(r.steps() < 50);
        assertFalse(Double.isFinite(r.curve().points().get(r.curve().points().size() - 1).trainLoss()));
    }

    @Test
    void curvesRoundTripThroughCsv() {
        LossCurve c = new LossCurve();
        c.add(new LossCurve.Point(1, 2.5, 1e-3, Double.NaN));
        c.add(new LossCurve.Point(2, 2.25, 2e-3, 2.0));
        assertEquals("step,train_loss,lr,eval_loss\n1,2.50000,0.00100000,\n2,2.25000,0.00200000,2.00000\n", c.toCsv());
        assertEquals(c.toCsv(), LossCurve.fromCsv(c.toCsv()).toCsv());
    }
}
