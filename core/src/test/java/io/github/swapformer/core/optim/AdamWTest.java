package io.github.swapformer.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    private static final double LR = 0.01;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final float[] G1 = {0.2f, -0.4f};
    private static final float[] G2 = {-0.1f, 0.3f};

    private static Parameter param(String name, ParamKind kind, float... values) {
        return new Parameter(name, Tensor.of(values.clone(), values.length).withGrad(), kind);
    }

    private static void setGrad(Parameter p, float[] g) {
        System.arraycopy(g, 0, p.tensor().grad(), 0, g.length);
    }

    /**
     * The two-step example computed by hand, in double, from the update of Loshchilov and Hutter
     * (2019), Algorithm 2, in the form p -= lr·(m̂/(√v̂+ε) + λ·p).
     */
    private static double[] handComputed(double p0, double g1, double g2, double lambda) {
        // Step 1: m = 0.1·g1, v = 0.001·g1²; bias corrections 1 − 0.9 = 0.1 and 1 − 0.999 = 0.001,
        // so m̂ = g1 and v̂ = g1²: the step is lr·(sign(g1)·|g1|/(|g1|+ε) + λ·p0).
        double m = (1 - B1) * g1;
        double v = (1 - B2) * g1 * g1;
        double mHat = m / (1 - B1);
        double vHat = v / (1 - B2);
        double p1 = p0 - LR * (mHat / (Math.sqrt(vHat) + EPS) + lambda * p0);
        // Step 2: m = 0.9·m + 0.1·g2, v = 0.999·v + 0.001·g2²; corrections 1 − 0.81 = 0.19 and 1 − 0.998001 = 0.001999.
        m = B1 * m + (1 - B1) * g2;
        v = B2 * v + (1 - B2) * g2 * g2;
        mHat = m / 0.19;
        vHat = v / 0.001999;
        double p2 = p1 - LR * (mHat / (Math.sqrt(vHat) + EPS) + lambda * p1);
        return new double[] {p1, p2};
    }

    private static float[][] runTwoSteps(Parameter p, AdamWConfig config) {
        AdamW adam = new AdamW(List.of(p), config, Parallel.serial());
        setGrad(p, G1);
        adam.step(LR);
        float[] after1 = p.tensor().data().clone();
        setGrad(p, G2);
        adam.step(LR);
        return new float[][] {after1, p.tensor().data().clone()};
    }

    @Test
    void twoStepsMatchHandComputedValuesWithWeightDecay() {
        Parameter w = param("w", ParamKind.MATRIX, 0.5f, -1f);
        float[][] got = runTwoSteps(w, AdamWConfig.defaults().withWeightDecay(0.1));
        double[] e0 = handComputed(0.5, 0.2, -0.1, 0.1);
        double[] e1 = handComputed(-1, -0.4, 0.3, 0.1);
        // e.g. step 1 of element 0: 0.5 − 0.01·(0.2/(0.2+1e-8) + 0.1·0.5) = 0.4895000005
        assertEquals(0.4895000005, e0[0], 1e-12);
        assertArrayEquals(new float[] {(float) e0[0], (float) e1[0]}, got[0], 1e-6f);
        assertArrayEquals(new float[] {(float) e0[1], (float) e1[1]}, got[1], 1e-6f);
    }

    @Test
    void twoStepsMatchHandComputedValuesWithoutWeightDecay() {
        Parameter w = param("w", ParamKind.MATRIX, 0.5f, -1f);
        float[][] got = runTwoSteps(w, AdamWConfig.defaults().withWeightDecay(0));
        double[] e0 = handComputed(0.5, 0.2, -0.1, 0);
        double[] e1 = handComputed(-1, -0.4, 0.3, 0);
        assertEquals(0.5 - 0.01 * 0.2 / (0.2 + 1e-8), e0[0], 1e-12);
        assertArrayEquals(new float[] {(float) e0[0], (float) e1[0]}, got[0], 1e-6f);
        assertArrayEquals(new float[] {(float) e0[1], (float) e1[1]}, got[1], 1e-6f);
    }

    @Test
    void matricesRuleLeavesBiasUndecayed() {
        AdamWConfig config = AdamWConfig.defaults().withWeightDecay(0.1);
        assertEquals(DecayRule.MATRICES, config.decayRule());
        Parameter bias = param("b", ParamKind.BIAS, 0.5f, -1f);
        float[][] got = runTwoSteps(bias, config);
        double[] decayed = handComputed(0.5, 0.2, -0.1, 0.1);
        double[] undecayed = handComputed(0.5, 0.2, -0.1, 0);
        assertEquals((float) undecayed[1], got[1][0], 1e-6f);
        // The two expectations differ by about lr·λ·p = 5e-4 per step, far above the tolerance: the test can fail.
        assertTrue(Math.abs(decayed[1] - undecayed[1]) > 5e-4);

        Parameter biasAll = param("b", ParamKind.BIAS, 0.5f, -1f);
        float[][] all = runTwoSteps(biasAll, config.withDecayRule(DecayRule.ALL));
        assertEquals((float) decayed[1], all[1][0], 1e-6f);
    }

    @Test
    void noneRuleNeverDecays() {
        Parameter w = param("w", ParamKind.MATRIX, 0.5f, -1f);
        float[][] got = runTwoSteps(w, AdamWConfig.defaults().withWeightDecay(0.1).withDecayRule(DecayRule.NONE));
        assertEquals((float) handComputed(0.5, 0.2, -0.1, 0)[1], got[1][0], 1e-6f);
    }

    /** Deterministic gradient: g = p² − 0.3·p + step-dependent offset, so every step differs. */
    private static void fakeGradients(List<Parameter> params, int step) {
        for (Parameter p : params) {
            float[] d = p.tensor().data();
            float[] g = p.tensor().grad();
            for (int i = 0; i < d.length; i++) {
                g[i] = d[i] * d[i] - 0.3f * d[i] + 0.01f * (step - i);
            }
        }
    }

    private static List<Parameter> freshParams() {
        float[] w = new float[40];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
        }
        return List.of(
                new Parameter("w", Tensor.of(w, 5, 8).withGrad(), ParamKind.MATRIX),
                param("b", ParamKind.BIAS, 0.1f, -0.2f, 0.3f));
    }

    @Test
    void resumeFromSavedStateIsBitwiseIdentical() {
        AdamWConfig config = AdamWConfig.defaults().withWeightDecay(0.05);
        List<Parameter> straight = freshParams();
        AdamW a = new AdamW(straight, config, Parallel.serial());
        for (int s = 0; s < 5; s++) {
            fakeGradients(straight, s);
            a.step(1e-2 * (s + 1));
        }

        List<Parameter> first = freshParams();
        AdamW b = new AdamW(first, config, Parallel.serial());
        for (int s = 0; s < 3; s++) {
            fakeGradients(first, s);
            b.step(1e-2 * (s + 1));
        }
        Map<String, Tensor> saved = b.state();
        assertEquals(3f, saved.get("step").item());
        assertTrue(saved.containsKey("w.exp_avg") && saved.containsKey("b.exp_avg_sq"));

        List<Parameter> resumed = freshParams();
        for (int i = 0; i < resumed.size(); i++) {
            System.arraycopy(first.get(i).tensor().data(), 0, resumed.get(i).tensor().data(), 0,
                    first.get(i).tensor().size());
        }
        AdamW c = new AdamW(resumed, config, Parallel.serial());
        c.loadState(saved);
        assertEquals(3, c.steps());
        for (int s = 3; s < 5; s++) {
            fakeGradients(resumed, s);
            c.step(1e-2 * (s + 1));
        }
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i).tensor().data(), resumed.get(i).tensor().data());
        }
        assertEquals(a.state().get("w.exp_avg_sq").data()[7], c.state().get("w.exp_avg_sq").data()[7]);
    }

    @Test
    void loadStateRejectsMissingUnknownAndMisshapenEntries() {
        AdamW adam = new AdamW(freshParams(), AdamWConfig.defaults(), Parallel.serial());
        Map<String, Tensor> good = adam.state();

        Map<String, Tensor> missing = new HashMap<>(good);
        missing.remove("b.exp_avg");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadState(missing))
                .getMessage().contains("b.exp_avg"));

        Map<String, Tensor> unknown = new HashMap<>(good);
        unknown.put("c.exp_avg", Tensor.zeros(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadState(unknown))
                .getMessage().contains("c.exp_avg"));

        Map<String, Tensor> misshapen = new HashMap<>(good);
        misshapen.put("w.exp_avg", Tensor.zeros(8, 5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadState(misshapen))
                .getMessage().contains("[8, 5]"));

        Map<String, Tensor> badStep = new HashMap<>(good);
        badStep.put("step", Tensor.of(new float[] {2.5f}, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadState(badStep))
                .getMessage().contains("2.5"));
    }

    @Test
    void badConfigNamesTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamWConfig.defaults().withBetas(1.0, 0.999))
                .getMessage().contains("beta1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamWConfig.defaults().withEps(0))
                .getMessage().contains("eps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamWConfig.defaults().withWeightDecay(-1))
                .getMessage().contains("weightDecay"));
    }

    @Test
    void threadedStepEqualsSerialStep() {
        try (Parallel pool = Parallel.of(2)) {
            float[] values = new float[100_003];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.cos(i * 0.37);
            }
            Parameter serial = param("w", ParamKind.MATRIX, values);
            Parameter threaded = param("w", ParamKind.MATRIX, values);
            AdamW a = new AdamW(List.of(serial), AdamWConfig.defaults(), Parallel.serial());
            AdamW b = new AdamW(List.of(threaded), AdamWConfig.defaults(), pool);
            for (int s = 0; s < 2; s++) {
                fakeGradients(List.of(serial), s);
                fakeGradients(List.of(threaded), s);
                a.step(1e-3);
                b.step(1e-3);
            }
            assertArrayEquals(serial.tensor().data(), threaded.tensor().data());
        }
    }
}
