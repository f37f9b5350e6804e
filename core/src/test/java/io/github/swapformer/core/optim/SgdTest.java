package io.github.swapformer.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two steps of PyTorch's SGD semantics (dampening 0), worked out by hand in the comments. */
class SgdTest {
    private static float[] twoSteps(SgdConfig config, ParamKind kind) {
        Parameter p = new Parameter("w", Tensor.of(new float[] {1f}, 1).withGrad(), kind);
        Sgd sgd = new Sgd(List.of(p), config);
        p.tensor().grad()[0] = 0.5f;
        sgd.step(0.1);
        float first = p.tensor().data()[0];
        p.tensor().grad()[0] = -0.25f;
        sgd.step(0.1);
        return new float[] {first, p.tensor().data()[0]};
    }

    @Test
    void momentumByHand() {
        // buf = 0.5, p = 1 − 0.1·0.5 = 0.95; buf = 0.9·0.5 − 0.25 = 0.2, p = 0.95 − 0.1·0.2 = 0.93
        float[] got = twoSteps(SgdConfig.defaults().withMomentum(0.9), ParamKind.MATRIX);
        assertEquals(0.95f, got[0], 1e-7f);
        assertEquals(0.93f, got[1], 1e-7f);
    }

    @Test
    void nesterovByHand() {
        // buf = 0.5, d = 0.5 + 0.9·0.5 = 0.95, p = 1 − 0.095 = 0.905;
        // buf = 0.9·0.5 − 0.25 = 0.2, d = −0.25 + 0.9·0.2 = −0.07, p = 0.905 + 0.007 = 0.912
        float[] got = twoSteps(SgdConfig.defaults().withMomentum(0.9).withNesterov(true), ParamKind.MATRIX);
        assertEquals(0.905f, got[0], 1e-7f);
        assertEquals(0.912f, got[1], 1e-7f);
    }

    @Test
    void weightDecayByHandAndOnlyOnSelectedKinds() {
        // d = 0.5 + 0.1·1 = 0.6, buf = 0.6, p = 0.94; d = −0.25 + 0.1·0.94 = −0.156,
        // buf = 0.9·0.6 − 0.156 = 0.384, p = 0.94 − 0.0384 = 0.9016
        SgdConfig config = SgdConfig.defaults().withMomentum(0.9).withWeightDecay(0.1);
        float[] got = twoSteps(config, ParamKind.MATRIX);
        assertEquals(0.94f, got[0], 1e-7f);
        assertEquals(0.9016f, got[1], 1e-7f);
        float[] bias = twoSteps(config, ParamKind.BIAS);
        assertEquals(0.93f, bias[1], 1e-7f);
    }

    @Test
    void plainSgd() {
        // p = 1 − 0.1·0.5 = 0.95, then 0.95 + 0.1·0.25 = 0.975
        float[] got = twoSteps(SgdConfig.defaults(), ParamKind.MATRIX);
        assertEquals(0.975f, got[1], 1e-7f);
    }

    @Test
    void stateRoundTripsAndNesterovNeedsMomentum() {
        Parameter p = new Parameter("w", Tensor.of(new float[] {1f, 2f}, 2).withGrad(), ParamKind.MATRIX);
        Sgd sgd = new Sgd(List.of(p), SgdConfig.defaults().withMomentum(0.5));
        p.tensor().grad()[1] = 1f;
        sgd.step(0.1);
        Map<String, Tensor> state = sgd.state();
        assertEquals(1f, state.get("w.momentum_buffer").data()[1]);
        Sgd other = new Sgd(List.of(p), SgdConfig.defaults().withMomentum(0.5));
        other.loadState(state);
        assertEquals(1, other.steps());
        assertEquals(1f, other.state().get("w.momentum_buffer").data()[1]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SgdConfig.defaults().withNesterov(true))
                .getMessage().contains("nesterov"));
    }
}
