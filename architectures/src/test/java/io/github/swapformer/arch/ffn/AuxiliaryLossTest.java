package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.Models;
import io.github.swapformer.arch.model.ParameterCount;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The router losses of MoE layers reach a model's training loss, in every architecture. */
class AuxiliaryLossTest {
    private static final int[] IDS = {1, 4, 5, 6, 7, 2, 8, 9};
    private static final int[] TARGETS = {4, 5, 6, 7, 2, 8, 9, Losses.IGNORE_INDEX};

    private static TransformerConfig config(ArchitectureKind arch, MoeSpec moe) {
        NormPlacement placement = arch == ArchitectureKind.ENCODER_ONLY ? NormPlacement.POST : NormPlacement.PRE;
        BlockSpec block = new BlockSpec(placement, NormKind.RMS_NORM, 1e-5, FfnSpec.moe(moe).withHidden(12),
                false, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(arch, 13, 8, 2, 2, 2, arch == ArchitectureKind.ENCODER_DECODER ? 2 : 0, 16,
                PositionalKind.ROPE.defaultSpec(), block, HeadTying.TIED, true);
    }

    private static final MoeSpec MOE = MoeSpec.mixtral(FfnKind.SWIGLU, 4).withLossCoefficients(0.5, 0.01);

    @Test
    void aDecoderLossIsCrossEntropyPlusEveryLayersRouterLosses() {
        DecoderOnlyModel m = (DecoderOnlyModel) Models.create(config(ArchitectureKind.DECODER_ONLY, MOE), 3);
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.recording(pool);
            Tensor loss = m.loss(tape, IDS, TARGETS, 2, 4);
            Tape check = Tape.inference(pool);
            float crossEntropy = Losses.crossEntropy(check, m.logits(check, IDS, 2, 4), TARGETS).item();
            float routers = 0;
            for (Block b : m.blocks()) {
                routers += b.auxiliaryLoss(check).item();
            }
            assertTrue(routers >= 2 * 0.5f, "each layer's balance loss is at least α: " + routers);
            assertEquals(crossEntropy + routers, loss.item(), 1e-5f);
            assertEquals(routers, m.auxiliaryLoss(check).item(), 1e-6f);
            assertEquals(8 * 2, m.blocks().get(1).expertUsage().orElseThrow().tokens(), "2 forward passes of 8 tokens");

            tape.backward(loss);
            float[] withAux = m.blocks().get(0).ffn().parameters().get(0).tensor().grad().clone(); // the router
            m.zeroGrad();
            Tape plain = Tape.recording(pool);
            plain.backward(Losses.crossEntropy(plain, m.logits(plain, IDS, 2, 4), TARGETS));
            float[] without = m.blocks().get(0).ffn().parameters().get(0).tensor().grad();
            assertNotEquals(Arrays.toString(without), Arrays.toString(withAux),
                    "the router losses change the router's gradient");
        }
    }

    @Test
    void gradientOfTheWholeLossWithDroppedTokens() {
        MoeSpec capped = MOE.withCapacityFactor(1.0);
        DecoderOnlyModel m = (DecoderOnlyModel) Models.create(config(ArchitectureKind.DECODER_ONLY, capped), 8);
        Random r = new Random(9);
        List<Tensor> inputs = new ArrayList<>();
        for (var p : m.parameters()) {
            if (!p.name().contains("norm")) {
                float[] d = p.tensor().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = (r.nextFloat() - 0.5f) * 0.8f;
                }
            }
            inputs.add(p.tensor());
        }
        m.logits(Tape.inference(Parallel.serial()), IDS, 2, 4);
        assertTrue(m.blocks().get(0).expertUsage().orElseThrow().dropped() > 0, "the case should drop assignments");
        GradCheck.standard().withStep(1e-3)
                .check(inputs, tape -> m.loss(tape, IDS, TARGETS, 2, 4));
    }

    @Test
    void aModelWithoutMoeHasNoAuxiliaryLoss() {
        TransformerConfig c = config(ArchitectureKind.DECODER_ONLY, MOE);
        c = c.withBlock(c.block().withFfn(FfnSpec.of(FfnKind.SWIGLU)));
        DecoderOnlyModel m = (DecoderOnlyModel) Models.create(c, 3);
        Tape tape = Tape.inference(Parallel.serial());
        Tensor loss = m.loss(tape, IDS, TARGETS, 2, 4);
        assertNull(m.auxiliaryLoss(tape));
        assertTrue(m.blocks().get(0).expertUsage().isEmpty());
        assertEquals(Losses.crossEntropy(tape, m.logits(tape, IDS, 2, 4), TARGETS).item(), loss.item(), 0f);
    }

    @Test
    void encodersAndEncoderDecodersCollectTheirsToo() {
        Tape tape = Tape.inference(Parallel.serial());
        EncoderOnlyModel enc = (EncoderOnlyModel) Models.create(config(ArchitectureKind.ENCODER_ONLY, MOE), 4);
        enc.hidden(tape, IDS, null, 2, 4);
        assertNotNull(enc.auxiliaryLoss(tape));
        EncoderDecoderModel ed = (EncoderDecoderModel) Models.create(config(ArchitectureKind.ENCODER_DECODER, MOE), 5);
        ed.logits(tape, IDS, 4, IDS, 4, 2);
        float encoder = AuxiliaryLoss.sum(tape, ed.encoder().blocks()).item();
        float decoder = AuxiliaryLoss.sum(tape, ed.decoder().blocks()).item();
        assertEquals(encoder + decoder, ed.auxiliaryLoss(tape).item(), 1e-6f);
    }

    @ParameterizedTest
    @EnumSource(ArchitectureKind.class)
    void parameterCountAndInitializationCoverTheExperts(ArchitectureKind arch) {
        TransformerConfig c = config(arch, MOE);
        var model = Models.create(c, 6);
        assertEquals(ParameterCount.of(c).total(), model.parameterCount(), arch.name());
        var checked = model.parameters().stream()
                .filter(p -> p.name().endsWith("router.weight") || p.name().endsWith("experts.3.down.weight")).toList();
        assertTrue(checked.size() >= 4, arch + ": routers and experts found: " + checked.size());
        checked.forEach(p -> {
                    double s = 0;
                    for (float v : p.tensor().data()) {
                        s += v * v;
                    }
                    assertTrue(s > 0, p.name() + " is initialized");
                });
    }
}
