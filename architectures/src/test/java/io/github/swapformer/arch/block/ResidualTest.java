package io.github.swapformer.arch.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each placement computes its formula, against a float64 re-computation: POST norm(α·x + f(x)),
 * PRE x + f(norm(x)), SANDWICH x + norm(f(norm(x))); with a sublayer f(y) = y ⊙ y + c that is neither
 * linear nor scale-invariant, so a missing norm or a missing α changes the result.
 */
class ResidualTest {
    private static final int D = 7;
    private static final double EPS = 1e-5;
    private static final float ALPHA = 1.8612097f; // DeepNorm's (2N)^¼ for N = 6

    private static double[] norm(NormKind kind, double[] v) {
        double mean = 0;
        double square = 0;
        for (double x : v) {
            mean += x / v.length;
            square += x * x / v.length;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = kind == NormKind.LAYER_NORM ? (v[i] - mean) / Math.sqrt(square - mean * mean + EPS)
                    : v[i] / Math.sqrt(square + EPS);
        }
        return out;
    }

    private static double[] f(double[] y, float[] c) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] * y[i] + c[i];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(NormPlacement.class)
    void eachPlacementComputesItsFormula(NormPlacement placement) {
        Random r = new Random(3);
        Tensor x = GradCheck.randomLeaf(r, 3, D);
        Tensor c = GradCheck.randomLeaf(r, 3, D);
        for (NormKind kind : NormKind.values()) {
            float alpha = placement == NormPlacement.POST ? ALPHA : 1f;
            Residual residual = new Residual(placement, kind, D, EPS, 0.0, alpha);
            Tape tape = Tape.inference(Parallel.serial());
            Tensor out = residual.apply(tape, x, y -> Elementwise.add(tape, Elementwise.multiply(tape, y, y), c));
            for (int row = 0; row < 3; row++) {
                double[] xr = new double[D];
                float[] cr = new float[D];
                for (int i = 0; i < D; i++) {
                    xr[i] = x.data()[row * D + i];
                    cr[i] = c.data()[row * D + i];
                }
                double[] expected = switch (placement) {
                    case POST -> {
                        double[] fx = f(xr, cr);
                        double[] sum = new double[D];
                        for (int i = 0; i < D; i++) {
                            sum[i] = alpha * xr[i] + fx[i];
                        }
                        yield norm(kind, sum);
                    }
                    case PRE -> add(xr, f(norm(kind, xr), cr));
                    case SANDWICH -> add(xr, norm(kind, f(norm(kind, xr), cr)));
                };
                for (int i = 0; i < D; i++) {
                    assertEquals(expected[i], out.data()[row * D + i], 1e-5, placement + " " + kind + " row " + row + " at " + i);
                }
            }
            if (placement == NormPlacement.POST) {
                assertEquals(alpha, residual.alpha());
            }
            GradCheck.standard().check(List.of(x, c),
                    t -> residual.apply(t, x, y -> Elementwise.add(t, Elementwise.multiply(t, y, y), c)));
        }
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
