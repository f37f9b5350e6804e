package io.github.swapformer.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Central-difference gradient check. The function maps a tape to an output tensor computed from
 * {@code inputs}; the check contracts the output with a fixed random vector r, so that the scalar
 * L = Σ r·f(x) tests the whole Jacobian, then compares the tape's dL/dx with
 * (L(x + h) − L(x − h)) / 2h for every input element (or a fixed sample of them when large).
 */
public final class GradCheck {
    private final double h;
    private final double atol;
    private final double rtol;
    private final int maxElementsPerInput;

    private GradCheck(double h, double atol, double rtol, int maxElementsPerInput) {
        this.h = h;
        this.atol = atol;
        this.rtol = rtol;
        this.maxElementsPerInput = maxElementsPerInput;
    }

    /** Defaults suited to float32 kernels: h = 1e-2, tolerance 2e-3 absolute + 2e-2 relative. */
    public static GradCheck standard() {
        return new GradCheck(1e-2, 2e-3, 2e-2, 400);
    }

    public GradCheck withStep(double step) {
        return new GradCheck(step, atol, rtol, maxElementsPerInput);
    }

    public GradCheck withTolerance(double absolute, double relative) {
        return new GradCheck(h, absolute, relative, maxElementsPerInput);
    }

    /** Random leaf with a gradient buffer, values uniform in [-1, 1). */
    public static Tensor randomLeaf(Random random, int... shape) {
        Tensor t = Tensor.zerosWithGrad(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextFloat() * 2f - 1f;
        }
        return t;
    }

    /** Checks the gradient of every input of {@code f}; fails with the worst element named. */
    public void check(List<Tensor> inputs, Function<Tape, Tensor> f) {
        Tape tape = Tape.recording(Parallel.serial());
        for (Tensor in : inputs) {
            in.zeroGrad();
        }
        Tensor out = f.apply(tape);
        float[] r = new float[out.size()];
        Random random = new Random(1234);
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextFloat() * 2f - 1f;
        }
        tape.backward(out, r);
        for (int which = 0; which < inputs.size(); which++) {
            Tensor in = inputs.get(which);
            float[] analytic = in.grad().clone();
            float[] x = in.data();
            int stride = Math.max(1, x.length / maxElementsPerInput);
            for (int i = 0; i < x.length; i += stride) {
                float saved = x[i];
                x[i] = (float) (saved + h);
                double plus = contract(f, r);
                x[i] = (float) (saved - h);
                double minus = contract(f, r);
                x[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double err = Math.abs(numeric - analytic[i]);
                if (err > atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic[i]))) {
                    fail("gradient of input " + which + " " + in.shapeString() + " at element " + i
                            + ": tape " + analytic[i] + ", central difference " + numeric);
                }
            }
        }
    }

    private static double contract(Function<Tape, Tensor> f, float[] r) {
        Tensor out = f.apply(Tape.inference(Parallel.serial()));
        double s = 0;
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            s += (double) r[i] * d[i];
        }
        return s;
    }
}
