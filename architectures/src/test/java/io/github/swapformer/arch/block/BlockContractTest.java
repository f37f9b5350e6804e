package io.github.swapformer.arch.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.attention.Masks;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every block owes, for every norm placement × norm kind × FFN kind: gradients of a whole
 * one-block decoder (with RoPE, and with a learned absolute table) that match central differences,
 * and the final norm exactly where the placement needs one.
 */
class BlockContractTest {
    private static final int[] IDS = {1, 4, 5, 6, 2, 8, 9, 10};

    static Stream<Arguments> everyCombination() {
        List<Arguments> out = new ArrayList<>();
        for (NormPlacement placement : NormPlacement.values()) {
            for (NormKind norm : NormKind.values()) {
                for (FfnKind ffn : FfnKind.values()) {
                    for (PositionalKind positional : new PositionalKind[] {PositionalKind.ROPE, PositionalKind.LEARNED_ABSOLUTE}) {
                        out.add(Arguments.of(placement, norm, ffn, positional));
                    }
                }
            }
        }
        return out.stream();
    }

    /** d 8, 2 heads, one layer, vocabulary 13; the FFN at its default width but 16 (12 for gated units). */
    static TransformerConfig config(NormPlacement placement, NormKind norm, FfnKind ffn, PositionalKind positional, int layers) {
        FfnSpec f = FfnSpec.of(ffn).withHidden(ffn.gated() ? 12 : 16);
        BlockSpec block = new BlockSpec(placement, norm, 1e-5, f, true, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, 13, 8, 2, 2, layers, 0, 16,
                positional.defaultSpec(), block, HeadTying.TIED, true);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("everyCombination")
    void gradientsOfAOneBlockModel(NormPlacement placement, NormKind norm, FfnKind ffn, PositionalKind positional) {
        DecoderOnlyModel m = new DecoderOnlyModel(config(placement, norm, ffn, positional, 1), 21);
        Random r = new Random(5);
        List<Tensor> inputs = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            if (!p.name().contains("norm.")) { // norms keep gain 1 and shift 0; the rest gets weights that matter
                float[] d = p.tensor().data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = (r.nextFloat() - 0.5f) * 0.8f;
                }
            }
            inputs.add(p.tensor());
        }
        // a step of 1e-3: whole models bend sharply (see ModelContractTest) and MoE routing stays put
        if (ffn == FfnKind.MLP_RELU || ffn == FfnKind.REGLU) {
            KinkAwareGradCheck.check(inputs, tape -> m.logits(tape, IDS, 2, 4), 1e-3);
        } else {
            GradCheck.standard().withStep(1e-3).check(inputs, tape -> m.logits(tape, IDS, 2, 4));
        }
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void postHasNoFinalNormPreAndSandwichDo(NormPlacement placement) {
        for (NormKind norm : NormKind.values()) {
            DecoderOnlyModel m = new DecoderOnlyModel(config(placement, norm, FfnKind.SWIGLU, PositionalKind.ROPE, 2), 1);
            if (placement == NormPlacement.POST) {
                assertNull(m.finalNorm());
            } else {
                assertNotNull(m.finalNorm());
                assertEquals(norm == NormKind.LAYER_NORM ? "LayerNorm" : "RmsNorm", m.finalNorm().getClass().getSimpleName());
            }
            Residual ffnResidual = m.blocks().get(1).ffnResidual();
            assertEquals(placement == NormPlacement.SANDWICH, ffnResidual.postNorm() != null, placement + ": second norm");
            long norms = m.stateDict().keySet().stream().filter(k -> k.endsWith("norm.weight")).count();
            long expected = 2 * 2 * (placement == NormPlacement.SANDWICH ? 2 : 1) + (placement.needsFinalNorm() ? 1 : 0);
            assertEquals(expected, norms, placement + " " + norm + ": " + m.stateDict().keySet());
        }
    }

    @Test
    void postNormalizesEveryBlockOutputAndPreLeavesTheStreamRaw() {
        // with LayerNorm gain 1 and shift 0, a POST block's output rows have mean 0 and variance 1
        for (NormPlacement placement : NormPlacement.values()) {
            DecoderOnlyModel m = new DecoderOnlyModel(config(placement, NormKind.LAYER_NORM, FfnKind.MLP_GELU, PositionalKind.ROPE, 1), 2);
            AttentionContext ctx = new AttentionContext(m.positional(), Positions.first(4), Masks.causal(2, 4, 4));
            Tensor h = m.blocks().get(0).forward(Tape.inference(Parallel.serial()), GradCheck.randomLeaf(new Random(3), 2, 4, 8),
                    ctx, null);
            double worst = 0;
            for (int row = 0; row < 8; row++) {
                float[] x = Arrays.copyOfRange(h.data(), row * 8, row * 8 + 8);
                double mean = 0;
                double var = 0;
                for (float v : x) {
                    mean += v / 8.0;
                }
                for (float v : x) {
                    var += (v - mean) * (v - mean) / 8.0;
                }
                worst = Math.max(worst, Math.abs(mean) + Math.abs(var - 1));
            }
            if (placement == NormPlacement.POST) {
                assertTrue(worst < 1e-3, "POST output is normalized: " + worst);
            } else {
                assertTrue(worst > 1e-2, placement + " output is the raw residual stream: " + worst);
            }
        }
    }

    @Test
    void deepNormScalesTheResidualByAlphaOfTheStackDepth() {
        TransformerConfig c = config(NormPlacement.POST, NormKind.LAYER_NORM, FfnKind.MLP_GELU, PositionalKind.ROPE, 6);
        c = c.withBlock(c.block().withResidual(ResidualScaling.DEEPNORM));
        DecoderOnlyModel m = new DecoderOnlyModel(c, 3);
        // DeepNet (Wang et al. 2022, arXiv 2203.00555), Table 1, decoder-only: α = (2N)^¼, N = 6 → 12^¼
        float alpha = (float) Math.pow(12, 0.25);
        for (Block b : m.blocks()) {
            assertEquals(alpha, b.selfResidual().alpha(), 1e-6f);
            assertEquals(alpha, b.ffnResidual().alpha(), 1e-6f);
        }
        DecoderOnlyModel plain = new DecoderOnlyModel(c.withBlock(c.block().withResidual(ResidualScaling.NONE)), 3);
        assertEquals(1f, plain.blocks().get(0).selfResidual().alpha());
    }

    @ParameterizedTest
    @EnumSource(value = NormPlacement.class, names = {"PRE", "SANDWICH"})
    void deepNormIsRefusedOutsidePost(NormPlacement placement) {
        TransformerConfig c = config(NormPlacement.POST, NormKind.LAYER_NORM, FfnKind.MLP_GELU, PositionalKind.ROPE, 2);
        BlockSpec deep = c.block().withResidual(ResidualScaling.DEEPNORM);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> deep.withPlacement(placement));
        assertTrue(e.getMessage().contains("DeepNorm") && e.getMessage().contains(placement.name()), e.getMessage());
    }
}
