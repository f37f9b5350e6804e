package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Reductions;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixtureOfExpertsTest {
    private static final int D = 5;

    private static MixtureOfExperts moe(MoeSpec spec, long seed) {
        MixtureOfExperts m = new MixtureOfExperts(FfnSpec.moe(spec).withHidden(6), D);
        Rng rng = new Rng(seed);
        for (Parameter p : m.parameters()) {
            Init.normal(p.tensor(), 0.5, rng);
        }
        return m;
    }

    private static Tape inference() {
        return Tape.inference(Parallel.serial());
    }

    /** An independent per-token computation: softmax, top-k, gates, Σ gate · expert(x) in double where it can be. */
    private static float[] reference(MixtureOfExperts m, Tensor x) {
        MoeSpec s = m.spec();
        int N = x.rows();
        float[] w = m.router().weight().data();
        float[] out = new float[N * D];
        for (int n = 0; n < N; n++) {
            double[] z = new double[s.experts()];
            double max = Double.NEGATIVE_INFINITY;
            for (int e = 0; e < z.length; e++) {
                for (int c = 0; c < D; c++) {
                    z[e] += (double) w[e * D + c] * x.data()[n * D + c];
                }
                max = Math.max(max, z[e]);
            }
            double sum = 0;
            for (int e = 0; e < z.length; e++) {
                sum += Math.exp(z[e] - max);
            }
            Integer[] order = new Integer[z.length];
            for (int e = 0; e < z.length; e++) {
                order[e] = e;
            }
            Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
            double selected = 0;
            for (int j = 0; j < s.topK(); j++) {
                selected += Math.exp(z[order[j]] - max) / sum;
            }
            Tensor row = Tensor.of(Arrays.copyOfRange(x.data(), n * D, (n + 1) * D), 1, D);
            for (int j = 0; j < s.topK(); j++) {
                double p = Math.exp(z[order[j]] - max) / sum;
                double gate = s.gating() == MoeSpec.Gating.RENORMALIZED ? p / selected : p;
                float[] y = m.experts().get(order[j]).forward(inference(), row).data();
                for (int c = 0; c < D; c++) {
                    out[n * D + c] += (float) (gate * y[c]);
                }
            }
        }
        return out;
    }

    @Test
    void switchAndMixtralMatchAPerTokenReference() {
        Tensor x = GradCheck.randomLeaf(new Random(1), 3, 4, D);
        for (MoeSpec spec : new MoeSpec[] {MoeSpec.switchTransformer(FfnKind.MLP_GELU, 4).withCapacityFactor(0),
            MoeSpec.mixtral(FfnKind.SWIGLU, 4), MoeSpec.mixtral(FfnKind.REGLU, 3).withTopK(3, MoeSpec.Gating.PROBABILITIES)}) {
            MixtureOfExperts m = moe(spec, 2);
            float[] expected = reference(m, x);
            float[] actual = m.forward(inference(), x).data();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5f * (1 + Math.abs(expected[i])), spec + " at " + i);
            }
        }
    }

    @Test
    void tokensOverCapacityAreDroppedToZeroAndCounted() {
        MixtureOfExperts m = moe(MoeSpec.switchTransformer(FfnKind.MLP_RELU, 4).withCapacityFactor(1.0), 3);
        float[] router = m.router().weight().data();
        Arrays.fill(router, 0f);
        Arrays.fill(router, 0, D, 1f); // expert 0 scores Σx, the others 0: positive inputs all go to expert 0
        Tensor x = Tensor.zeros(1, 8, D);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = 0.1f + i % 3 * 0.2f + i * 0.01f;
        }
        float[] y = m.forward(inference(), x).data();
        int capacity = 2; // ⌈1.0 · 8 tokens · 1 / 4 experts⌉
        for (int n = 0; n < 8; n++) {
            float[] row = Arrays.copyOfRange(y, n * D, (n + 1) * D);
            if (n < capacity) {
                assertNotEquals(0f, Arrays.stream(toDouble(row)).map(Math::abs).sum(), "token " + n + " is processed");
            } else {
                assertArrayEquals(new float[D], row, "token " + n + " is dropped: no FFN output");
            }
        }
        ExpertUsage last = m.lastUsage();
        assertEquals(6, last.dropped());
        assertEquals(0.75, last.droppedFraction(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 0, 0}, last.fractions());
        assertArrayEquals(new long[] {8, 0, 0, 0}, last.chosen());
    }

    @Test
    void usageAccumulatesUntilReset() {
        MixtureOfExperts m = moe(MoeSpec.mixtral(FfnKind.MLP_GELU, 4), 4);
        Tensor x = GradCheck.randomLeaf(new Random(5), 2, 3, D);
        m.forward(inference(), x);
        m.forward(inference(), x);
        ExpertUsage u = m.usage();
        assertEquals(12, u.tokens());
        assertEquals(24, Arrays.stream(u.chosen()).sum(), "two choices per token");
        assertEquals(1.0, Arrays.stream(u.fractions()).sum(), 1e-12);
        assertEquals(6, m.lastUsage().tokens());
        m.resetUsage();
        assertEquals(0, m.usage().tokens());
    }

    @Test
    void gradientsOfATinyMoeThroughRouterAndExperts() {
        // capacity 1.0 with top-2 of 3 drops some assignments; a small step never changes the routing here
        MoeSpec[] specs = {MoeSpec.switchTransformer(FfnKind.MLP_GELU, 3).withCapacityFactor(1.0),
            MoeSpec.mixtral(FfnKind.GEGLU, 3).withCapacityFactor(1.0)};
        for (MoeSpec spec : specs) {
            MixtureOfExperts m = moe(spec, 6);
            Tensor x = GradCheck.randomLeaf(new Random(7), 2, 3, D);
            m.forward(inference(), x);
            assertTrue(m.lastUsage().dropped() > 0 || spec.topK() == 1, spec + ": the case should drop");
            List<Tensor> inputs = new ArrayList<>(List.of(x));
            for (Parameter p : m.parameters()) {
                inputs.add(p.tensor());
            }
            GradCheck.standard().withStep(1e-3).check(inputs, tape -> m.forward(tape, x));
            Tape tape = Tape.recording(Parallel.serial());
            m.zeroGrad();
            tape.backward(sum(tape, m.forward(tape, x)), new float[] {1f});
            assertNotEquals(0f, norm(m.router().weight().grad()), spec + ": the router learns through the gates");
        }
    }

    @Test
    void gradientsOfTheAuxiliaryLosses() {
        MoeSpec spec = MoeSpec.mixtral(FfnKind.MLP_GELU, 4).withLossCoefficients(0.5, 0.1);
        MixtureOfExperts m = moe(spec, 8);
        Tensor x = GradCheck.randomLeaf(new Random(9), 2, 3, D);
        GradCheck.standard().withStep(1e-3).check(List.of(x, m.router().weight()), tape -> {
            m.forward(tape, x);
            return m.auxiliaryLoss(tape);
        });
    }

    @Test
    void auxiliaryLossBelongsToTheTapeOfItsForwardPass() {
        MixtureOfExperts m = moe(MoeSpec.switchTransformer(FfnKind.MLP_GELU, 4).withLossCoefficients(0.01, 0.001), 10);
        Tensor x = GradCheck.randomLeaf(new Random(11), 1, 4, D);
        Tape a = Tape.recording(Parallel.serial());
        assertNull(m.auxiliaryLoss(a), "nothing before a forward pass");
        m.forward(a, x);
        float once = m.auxiliaryLoss(a).item();
        assertTrue(once > 0.01f, "balance ≥ α, plus a positive z-loss: " + once);
        m.forward(a, x);
        assertEquals(2 * once, m.auxiliaryLoss(a).item(), 1e-6f, "two passes on one tape add up");
        a.backward(m.auxiliaryLoss(a));
        m.forward(a, x);
        assertEquals(once, m.auxiliaryLoss(a).item(), 0f, "after a backward pass the tape starts afresh");
        Tape i = inference();
        m.forward(i, x);
        m.forward(i, x);
        assertEquals(once, m.auxiliaryLoss(i).item(), 0f, "an inference tape keeps the latest pass");
        Tape b = inference();
        m.forward(b, x);
        assertNull(m.auxiliaryLoss(a), "a new tape starts afresh");
        assertEquals(once, m.auxiliaryLoss(b).item(), 0f);
        MixtureOfExperts quiet = moe(MoeSpec.switchTransformer(FfnKind.MLP_GELU, 4).withLossCoefficients(0, 0), 10);
        quiet.forward(b, x);
        assertNull(quiet.auxiliaryLoss(b), "no coefficients, no loss");
        assertSame(m.auxiliaryLoss(b), AuxiliaryLoss.sum(b, List.of(quiet, m)));
    }

    @Test
    void everyExpertKindWorks() {
        Tensor x = GradCheck.randomLeaf(new Random(12), 1, 3, D);
        for (FfnKind kind : FfnKind.values()) {
            if (kind == FfnKind.MOE) {
                continue;
            }
            MixtureOfExperts m = moe(MoeSpec.mixtral(kind, 3), 13);
            Layer expert = m.experts().get(0);
            assertEquals(kind.gated() ? GatedFfn.class : Mlp.class, expert.getClass(), kind.name());
            assertArrayEquals(x.shape(), m.forward(inference(), x).shape());
        }
    }

    private static Tensor sum(Tape tape, Tensor t) {
        return Reductions.sum(tape, t);
    }

    private static double norm(float[] g) {
        double s = 0;
        for (float v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
