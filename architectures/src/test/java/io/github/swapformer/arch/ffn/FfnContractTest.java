package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every feed-forward kind owes: shapes, determinism, gradients, its parameter count formula and default width. */
class FfnContractTest {
    private static final int D = 7;

    /** The kind's default spec at width D, weights drawn from N(0, 0.3²) so that no layer is near zero. */
    private static Layer ffn(FfnKind kind, boolean bias) {
        Layer f = kind.create(FfnSpec.of(kind).withBias(bias), D);
        Rng rng = new Rng(17);
        for (Parameter p : f.parameters()) {
            Init.normal(p.tensor(), 0.3, rng);
        }
        return f;
    }

    private static Tensor input(long seed) {
        return GradCheck.randomLeaf(new Random(seed), 2, 5, D);
    }

    @ParameterizedTest
    @EnumSource(FfnKind.class)
    void keepsTheShapeAndIsDeterministic(FfnKind kind) {
        Layer f = ffn(kind, true);
        Tensor x = input(1);
        try (Parallel serial = Parallel.serial(); Parallel two = Parallel.of(2)) {
            Tensor y = f.forward(Tape.inference(serial), x);
            assertArrayEquals(new int[] {2, 5, D}, y.shape());
            for (float v : y.data()) {
                assertTrue(Float.isFinite(v), kind + ": output " + v);
            }
            assertArrayEquals(y.data(), f.forward(Tape.inference(serial), x).data(), kind + ": twice");
            assertArrayEquals(y.data(), ffn(kind, true).forward(Tape.inference(serial), x).data(), kind + ": same weights");
            Tensor p1 = f.forward(Tape.inference(two), x);
            assertArrayEquals(p1.data(), f.forward(Tape.inference(two), x).data(), kind + ": two threads, twice");
            assertNotEquals(0f, y.data()[0], kind + ": a zero output would make the checks above vacuous");
        }
    }

    @ParameterizedTest
    @EnumSource(FfnKind.class)
    void gradientsMatchCentralDifferences(FfnKind kind) {
        Layer f = ffn(kind, true);
        Tensor x = input(2);
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        for (Parameter p : f.parameters()) {
            inputs.add(p.tensor());
        }
        // a small step keeps ReLU kinks and MoE routing (top-2 of 4 experts here) from being crossed
        GradCheck.standard().withStep(1e-3).check(inputs, tape -> f.forward(tape, x));
    }

    @ParameterizedTest
    @EnumSource(FfnKind.class)
    void parameterCountIsTheDocumentedFormula(FfnKind kind) {
        for (boolean bias : new boolean[] {true, false}) {
            FfnSpec spec = FfnSpec.of(kind).withBias(bias);
            long d = D;
            long h = spec.hiddenWidth(D);
            long expected = switch (kind) {
                case MLP_RELU, MLP_GELU -> 2 * d * h + (bias ? h + d : 0);
                case GLU, REGLU, GEGLU, SWIGLU -> 3 * d * h + (bias ? 2 * h + d : 0);
                case MOE -> {
                    MoeSpec m = spec.moe(); // default: 4 GELU-MLP experts and a d·E router without bias
                    yield m.experts() * (2 * d * h + (bias ? h + d : 0)) + d * m.experts();
                }
            };
            assertEquals(expected, spec.parameterCount(D), kind + " bias " + bias);
            long active = kind == FfnKind.MOE ? expected - 2 * (expected - D * 4L) / 4 : expected; // top-2 of 4 experts
            assertEquals(active, spec.activeParameterCount(D), kind + " bias " + bias + ": active");
            assertEquals(expected, kind.create(spec, D).parameterCount(), kind + " bias " + bias + ": allocated");
        }
    }

    @Test
    void gatedDefaultWidthIsTwoThirdsOfFourDRoundedUp() {
        // LLaMA-7B: d 4096, multiple_of 256 → 11008 (Touvron et al. 2023; Hugging Face config intermediate_size)
        for (FfnKind kind : new FfnKind[] {FfnKind.GLU, FfnKind.REGLU, FfnKind.GEGLU, FfnKind.SWIGLU}) {
            assertEquals(11008, kind.defaultHidden(4096, 256), kind.name());
            assertEquals(11008, FfnSpec.of(kind).withMultipleOf(256).hiddenWidth(4096), kind.name());
        }
        assertEquals(16384, FfnKind.MLP_GELU.defaultHidden(4096, 256));
        assertEquals(24, FfnKind.SWIGLU.defaultHidden(D, 8), "⌈56/3⌉ = 19, up to a multiple of 8");
        assertEquals(19, FfnKind.SWIGLU.defaultHidden(D, 1));
        // the point of ⅔·4d: three d×h matrices hold about as many weights as the MLP's two d×4d
        long mlp = FfnSpec.of(FfnKind.MLP_RELU).withBias(false).parameterCount(768);
        long gated = FfnSpec.of(FfnKind.SWIGLU).withBias(false).withMultipleOf(1).parameterCount(768);
        assertEquals(mlp, gated);
        assertEquals(FfnKind.MLP_GELU.defaultHidden(D, 8), FfnSpec.of(FfnKind.MOE).hiddenWidth(D), "experts' kind decides");
        assertThrows(IllegalArgumentException.class, () -> FfnKind.MOE.defaultHidden(D, 8));
    }

    @Test
    void explicitWidthWins() {
        for (FfnKind kind : FfnKind.values()) {
            assertEquals(10, FfnSpec.of(kind).withHidden(10).hiddenWidth(D), kind.name());
        }
    }

    @Test
    void specRefusesWhatItCannotBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FfnSpec(FfnKind.MOE, 0, 8, true, Activation.GELU));
        assertTrue(e.getMessage().contains("MoeSpec"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FfnSpec(FfnKind.MLP_GELU, 0, 8, true, Activation.GELU, MoeSpec.defaults()));
        assertTrue(e.getMessage().contains("MLP_GELU"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FfnSpec.of(FfnKind.GLU).withHidden(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FfnKind.GLU.create(FfnSpec.of(FfnKind.MLP_GELU), D));
        assertFalse(FfnKind.MOE.gated());
    }
}
