package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MoeSpecTest {
    @Test
    void capacityIsTheCeilingOfFactorTimesTokensTimesKOverExperts() {
        MoeSpec s = MoeSpec.switchTransformer(FfnKind.MLP_RELU, 4); // factor 1.25, k 1
        assertEquals(3, s.capacity(8), "⌈1.25·8·1/4⌉ = ⌈2.5⌉");
        assertEquals(4, s.capacity(12), "⌈3.75⌉");
        MoeSpec m = MoeSpec.mixtral(FfnKind.SWIGLU, 8).withCapacityFactor(1.0);
        assertEquals(3, m.capacity(10), "⌈1·10·2/8⌉ = ⌈2.5⌉");
        assertEquals(20, MoeSpec.mixtral(FfnKind.SWIGLU, 8).capacity(10), "factor 0: no limit");
    }

    @Test
    void presetsSayWhatThePapersDo() {
        MoeSpec s = MoeSpec.switchTransformer(FfnKind.MLP_RELU, 4);
        assertEquals(1, s.topK());
        assertEquals(MoeSpec.Gating.PROBABILITIES, s.gating());
        MoeSpec m = MoeSpec.mixtral(FfnKind.SWIGLU, 8);
        assertEquals(2, m.topK());
        assertEquals(MoeSpec.Gating.RENORMALIZED, m.gating());
        assertEquals(0.0, m.capacityFactor());
    }

    @Test
    void refusesNonsenseWithTheValueInTheMessage() {
        assertMessage("top_k 5", () -> new MoeSpec(FfnKind.GLU, 4, 5, 1.0, MoeSpec.Gating.PROBABILITIES, 0, 0));
        assertMessage("top_k 0", () -> new MoeSpec(FfnKind.GLU, 4, 0, 1.0, MoeSpec.Gating.PROBABILITIES, 0, 0));
        assertMessage("experts 0", () -> new MoeSpec(FfnKind.GLU, 0, 1, 1.0, MoeSpec.Gating.PROBABILITIES, 0, 0));
        assertMessage("MOE", () -> new MoeSpec(FfnKind.MOE, 4, 1, 1.0, MoeSpec.Gating.PROBABILITIES, 0, 0));
        assertMessage("capacity factor -1.0", () -> MoeSpec.defaults().withCapacityFactor(-1));
        assertMessage("capacity factor NaN", () -> MoeSpec.defaults().withCapacityFactor(Double.NaN));
        assertMessage("balance coefficient -0.5", () -> MoeSpec.defaults().withLossCoefficients(-0.5, 0));
        assertMessage("z-loss coefficient Infinity", () -> MoeSpec.defaults().withLossCoefficients(0, Double.POSITIVE_INFINITY));
        assertMessage("gating", () -> MoeSpec.defaults().withTopK(1, null));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should name " + part);
    }
}
