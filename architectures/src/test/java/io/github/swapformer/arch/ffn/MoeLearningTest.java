package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training through the routing: a two-layer MoE decoder fits a fixed batch of random sequences with
 * AdamW on {@link DecoderOnlyModel#loss} (cross-entropy plus router losses), under a capacity limit.
 */
class MoeLearningTest {
    private static final int B = 4;
    private static final int T = 8;
    private static final int V = 11;

    static double[] train(MoeSpec moe, int steps) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5, FfnSpec.moe(moe).withHidden(32),
                false, 0.0, 0.0, ResidualScaling.NONE);
        TransformerConfig c = new TransformerConfig(ArchitectureKind.DECODER_ONLY, V, 16, 2, 2, 2, 0, 16,
                PositionalKind.ROPE.defaultSpec(), block, HeadTying.UNTIED, true);
        DecoderOnlyModel model = new DecoderOnlyModel(c, 1);
        Random r = new Random(2);
        int[] ids = new int[B * T];
        int[] targets = new int[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(V);
        }
        for (int i = 0; i < ids.length; i++) {
            targets[i] = (i + 1) % T == 0 ? ids[i] : ids[i + 1]; // the next token (the last predicts itself)
        }
        double first = 0;
        double last = 0;
        try (Parallel pool = Parallel.serial()) {
            AdamW opt = new AdamW(model.parameters(), AdamWConfig.defaults().withWeightDecay(0), pool);
            for (int step = 0; step < steps; step++) {
                Tape tape = Tape.recording(pool);
                model.zeroGrad();
                Tensor loss = model.loss(tape, ids, targets, B, T);
                tape.backward(loss);
                opt.step(1e-2);
                if (step == 0) {
                    first = loss.item();
                }
                // The best of the last 10 steps: at lr 1e-2 AdamW's loss spikes now and then after it has
                // fitted (measured 0.16 at step 200 between 0.022 at 150 and 300), and which single step
                // spikes moves with the last bits of exp and erf.
                if (step >= steps - 10) {
                    last = step == steps - 10 ? loss.item() : Math.min(last, loss.item());
                }
            }
        }
        double[] fractions = model.blocks().get(0).expertUsage().orElseThrow().fractions();
        double dropped = model.blocks().get(0).expertUsage().orElseThrow().droppedFraction();
        double[] out = Arrays.copyOf(new double[] {first, last, dropped}, 3 + fractions.length);
        System.arraycopy(fractions, 0, out, 3, fractions.length);
        return out;
    }

    @Test
    void aMoeDecoderFitsABatch() {
        for (MoeSpec moe : new MoeSpec[] {MoeSpec.switchTransformer(FfnKind.MLP_GELU, 4),
            MoeSpec.mixtral(FfnKind.SWIGLU, 4).withCapacityFactor(1.5)}) {
            double[] run = train(moe, 150);
            // measured: 2.43 → 0.023 for both (the floor is the two layers' balance losses, ≥ 2α = 0.02)
            assertTrue(run[1] < 0.05, moe + ": loss " + run[0] + " → " + run[1]);
            for (int e = 3; e < run.length; e++) {
                assertTrue(run[e] > 0.1, moe + ": expert " + (e - 3) + " starved, usage " + Arrays.toString(run));
            }
        }
    }
}
