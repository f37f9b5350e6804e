package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.swapformer.arch.attention.Attention;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.Mlp;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Sample standard deviations against each scheme's rule. Matrices of n ≥ 4096 values have a
 * sample std within ±5% of σ with overwhelming probability (the relative error of s is ≈ 1/√(2n) ≈ 1.1%).
 */
class InitializerTest {
    private static final int LAYERS = 6;

    private static TransformerConfig wide(ArchitectureKind arch) {
        return TinyConfigs.of(arch, PositionalKind.ROPE.defaultSpec()).withSizes(101, 64, 4, 4, LAYERS,
                arch == ArchitectureKind.ENCODER_DECODER ? 2 : 0);
    }

    @Test
    void gpt2ScalesTheResidualProjections() {
        DecoderOnlyModel m = new DecoderOnlyModel(wide(ArchitectureKind.DECODER_ONLY), 7);
        Attention a = m.blocks().get(0).selfAttention();
        double residual = 0.02 / Math.sqrt(2 * LAYERS);
        assertStd(0.02, m.tokens().weight());
        assertStd(0.02, a.query().weight());
        assertStd(0.02, a.value().weight());
        assertStd(residual, a.output().weight());
        assertStd(0.02, ((Mlp) m.blocks().get(3).ffn()).up().weight());
        assertStd(residual, ((Mlp) m.blocks().get(3).ffn()).down().weight());
        assertBiasesZeroAndGainsOne(m);
    }

    @Test
    void bertIsNormalEverywhereWithAZeroPadRow() {
        EncoderOnlyModel m = new EncoderOnlyModel(wide(ArchitectureKind.ENCODER_ONLY), 7);
        assertStd(0.02, m.blocks().get(0).selfAttention().output().weight());
        assertStd(0.02, ((Mlp) m.blocks().get(5).ffn()).down().weight());
        assertStd(0.02, m.pooler().dense().weight());
        float[] pad = Arrays.copyOfRange(m.tokens().weight().data(), 0, 64);
        assertArrayEquals(new float[64], pad);
        assertBiasesZeroAndGainsOne(m);
    }

    @Test
    void t5FoldsTheScoreScaleIntoTheQuery() {
        TransformerConfig c = wide(ArchitectureKind.ENCODER_DECODER);
        EncoderDecoderModel m = new EncoderDecoderModel(c, 7);
        Block block = m.decoder().blocks().get(1);
        int d = 64;
        int hs = 16;
        assertStd(1.0, m.encoderTokens().weight());
        assertStd(1 / Math.sqrt(d * hs), block.selfAttention().query().weight());
        assertStd(1 / Math.sqrt(d), block.crossAttention().key().weight());
        assertStd(1 / Math.sqrt(d), block.selfAttention().value().weight());
        assertStd(1 / Math.sqrt(4 * hs), block.crossAttention().output().weight());
        assertStd(1 / Math.sqrt(d), ((Mlp) block.ffn()).up().weight());
        assertStd(1 / Math.sqrt(4 * d), ((Mlp) block.ffn()).down().weight());
        assertBiasesZeroAndGainsOne(m);
    }

    @Test
    void deepNormScalesValueOutputAndFfnByBeta() {
        TransformerConfig base = wide(ArchitectureKind.ENCODER_ONLY);
        TransformerConfig c = base.withBlock(base.block().withPlacement(NormPlacement.POST).withResidual(ResidualScaling.DEEPNORM));
        EncoderOnlyModel m = new EncoderOnlyModel(c, 7);
        double beta = Math.pow(8.0 * LAYERS, -0.25); // DeepNet, Table 1: encoder-only β = (8N)^−¼
        Attention a = m.blocks().get(2).selfAttention();
        assertStd(0.02, a.query().weight());
        assertStd(0.02, a.key().weight());
        assertStd(0.02 * beta, a.value().weight());
        assertStd(0.02 * beta, a.output().weight());
        assertStd(0.02 * beta, ((Mlp) m.blocks().get(2).ffn()).up().weight());
        assertStd(0.02 * beta, ((Mlp) m.blocks().get(2).ffn()).down().weight());
    }

    @Test
    void aSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        for (ArchitectureKind arch : ArchitectureKind.values()) {
            TransformerConfig c = TinyConfigs.of(arch, PositionalKind.LEARNED_ABSOLUTE.defaultSpec());
            Module a = Models.create(c, 11);
            Module b = Models.create(c, 11);
            Module other = Models.create(c, 12);
            for (String name : a.stateDict().keySet()) {
                assertArrayEquals(a.stateDict().get(name).data(), b.stateDict().get(name).data(), arch + " " + name);
            }
            assertFalse(Arrays.equals(a.stateDict().get("tokens.weight").data(), other.stateDict().get("tokens.weight").data()));
        }
    }

    private static void assertBiasesZeroAndGainsOne(Module m) {
        for (Parameter p : m.parameters()) {
            if (p.kind() == ParamKind.BIAS || (p.kind() == ParamKind.NORM && p.name().endsWith("bias"))) {
                assertArrayEquals(new float[p.tensor().size()], p.tensor().data(), p.name());
            } else if (p.kind() == ParamKind.NORM) {
                float[] ones = new float[p.tensor().size()];
                Arrays.fill(ones, 1f);
                assertArrayEquals(ones, p.tensor().data(), p.name());
            }
        }
    }

    private static void assertStd(double expected, Tensor t) {
        double sum = 0;
        double squares = 0;
        for (float v : t.data()) {
            sum += v;
            squares += (double) v * v;
        }
        int n = t.size();
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(expected, std, 0.05 * expected, "std of " + t.shapeString());
        assertEquals(0, mean, 5 * expected / Math.sqrt(n), "mean of " + t.shapeString());
    }
}
