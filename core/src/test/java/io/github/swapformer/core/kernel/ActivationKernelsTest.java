package io.github.swapformer.core.kernel;

import static io.github.swapformer.core.kernel.Twins.SIZES;
import static io.github.swapformer.core.kernel.Twins.assertClose;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every activation's SIMD twins against their scalar spec, forward and backward, GELU included. */
class ActivationKernelsTest {
    /** A forward twin: out[i] = f(x[i]) on [from, to). */
    interface Forward {
        void run(float[] out, float[] x, int from, int to);
    }

    /** A backward twin: dx[i] += dout[i]·f'(x[i]) on [from, to). */
    interface Backward {
        void run(float[] dx, float[] dout, float[] x, int from, int to);
    }

    record Twin(String name, Forward scalar, Forward simd, Backward scalarBack, Backward simdBack) {
    }

    static final List<Twin> TWINS = List.of(
            new Twin("relu", ActivationKernels::reluForwardScalar, ActivationKernels::reluForwardSimd,
                    ActivationKernels::reluBackwardScalar, ActivationKernels::reluBackwardSimd),
            new Twin("sigmoid", ActivationKernels::sigmoidForwardScalar, ActivationKernels::sigmoidForwardSimd,
                    ActivationKernels::sigmoidBackwardScalar, ActivationKernels::sigmoidBackwardSimd),
            new Twin("silu", ActivationKernels::siluForwardScalar, ActivationKernels::siluForwardSimd,
                    ActivationKernels::siluBackwardScalar, ActivationKernels::siluBackwardSimd),
            new Twin("gelu", GeluKernels::geluForwardScalar, GeluKernels::geluForwardSimd,
                    GeluKernels::geluBackwardScalar, GeluKernels::geluBackwardSimd),
            new Twin("geluTanh", GeluKernels::geluTanhForwardScalar, GeluKernels::geluTanhForwardSimd,
                    GeluKernels::geluTanhBackwardScalar, GeluKernels::geluTanhBackwardSimd));

    private final Random random = new Random(5);

    @Test
    void simdTwinsMatchScalarSpecAtEverySize() {
        for (Twin twin : TWINS) {
            for (int n : SIZES) {
                // Values up to ±12 reach the saturated tails; Twins.random adds ±360 and signed zeros.
                check(twin, Twins.random(random, n, 12f), 0, n);
            }
        }
    }

    @Test
    void simdTwinsMatchOnAnUnalignedRange() {
        for (Twin twin : TWINS) {
            check(twin, Twins.random(random, 200, 6f), 3, 140);
        }
    }

    @Test
    void simdTwinsMatchOnTheCoreRange() {
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = -8f + 16f * i / x.length; // dense where the activations bend
        }
        for (Twin twin : TWINS) {
            check(twin, x, 0, x.length);
        }
    }

    private void check(Twin twin, float[] x, int from, int to) {
        int n = x.length;
        float[] expected = new float[n];
        float[] actual = new float[n];
        twin.scalar().run(expected, x, from, to);
        twin.simd().run(actual, x, from, to);
        assertClose(twin.name() + " forward n=" + n, expected, actual, 2e-6, 2e-6);
        float[] dout = Twins.random(random, n, 1f);
        float[] dxExpected = Twins.random(random, n, 1f);
        float[] dxActual = dxExpected.clone();
        twin.scalarBack().run(dxExpected, dout, x, from, to);
        twin.simdBack().run(dxActual, dout, x, from, to);
        assertClose(twin.name() + " backward n=" + n, dxExpected, dxActual, 2e-6, 2e-6);
    }
}
