package io.github.swapformer.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
    /** Gradients (3, 4) and (12): global norm √(9 + 16 + 144) = 13. */
    private static List<Parameter> params() {
        Parameter a = new Parameter("a", Tensor.zerosWithGrad(2), ParamKind.MATRIX);
        Parameter b = new Parameter("b", Tensor.zerosWithGrad(1), ParamKind.BIAS);
        a.tensor().grad()[0] = 3;
        a.tensor().grad()[1] = 4;
        b.tensor().grad()[0] = 12;
        return List.of(a, b);
    }

    @Test
    void clipsToMaxNormAndReturnsNormBefore() {
        List<Parameter> ps = params();
        assertEquals(13.0, GradClip.clipGlobalNorm(ps, 6.5), 1e-12);
        assertArrayEquals(new float[] {1.5f, 2f}, ps.get(0).tensor().grad());
        assertArrayEquals(new float[] {6f}, ps.get(1).tensor().grad());
        assertEquals(6.5, GradClip.clipGlobalNorm(ps, 100), 1e-6);
    }

    @Test
    void noChangeBelowMaxNorm() {
        List<Parameter> ps = params();
        assertEquals(13.0, GradClip.clipGlobalNorm(ps, 13.5), 1e-12);
        assertArrayEquals(new float[] {3f, 4f}, ps.get(0).tensor().grad());
        assertArrayEquals(new float[] {12f}, ps.get(1).tensor().grad());
    }

    @Test
    void nonFiniteNormLeavesGradientsAlone() {
        List<Parameter> ps = params();
        ps.get(0).tensor().grad()[0] = Float.NaN;
        assertTrue(Double.isNaN(GradClip.clipGlobalNorm(ps, 1)));
        assertArrayEquals(new float[] {12f}, ps.get(1).tensor().grad());
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GradClip.clipGlobalNorm(params(), 0))
                .getMessage().contains("maxNorm 0.0"));
    }
}
