package io.github.swapformer.arch.block;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * {@link io.github.swapformer.core.testing.GradCheck}'s central differences (same step use, same
 * tolerances) for networks with ReLU: an element whose forward and backward one-sided differences
 * disagree by more than the check's tolerance has a kink inside [x − h, x + h], where no finite
 * difference is meaningful; there the tape's gradient at x must equal the one-sided difference of
 * the side without the kink (forward or backward). Among a tiny model's hidden pre-activations one
 * lies within 1e-3 of zero now and then, and a step small enough to miss it drowns in float32
 * rounding (1e-4 fails everywhere). Every element is checked one way or the other; more than 5% of
 * elements near kinks would mean something other than kinks (the one-block models of
 * {@link BlockContractTest} have a handful of ~800).
 */
final class KinkAwareGradCheck {
    private static final double ATOL = 2e-3;
    private static final double RTOL = 2e-2;

    private KinkAwareGradCheck() {
    }

    static void check(List<Tensor> inputs, Function<Tape, Tensor> f, double h) {
        Tape tape = Tape.recording(Parallel.serial());
        inputs.forEach(Tensor::zeroGrad);
        Tensor out = f.apply(tape);
        float[] r = new float[out.size()];
        Random random = new Random(1234);
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextFloat() * 2f - 1f;
        }
        tape.backward(out, r);
        int checked = 0;
        int skipped = 0;
        for (int which = 0; which < inputs.size(); which++) {
            Tensor in = inputs.get(which);
            float[] analytic = in.grad().clone();
            float[] x = in.data();
            double centre = contract(f, r);
            for (int i = 0; i < x.length; i++) {
                float saved = x[i];
                x[i] = (float) (saved + h);
                double plus = contract(f, r);
                x[i] = (float) (saved - h);
                double minus = contract(f, r);
                x[i] = saved;
                double forward = (plus - centre) / h;
                double backward = (centre - minus) / h;
                double numeric = (plus - minus) / (2 * h);
                checked++;
                if (close(numeric, analytic[i])) {
                    continue;
                }
                // a kink lies in [x − h, x + h]: the tape's gradient at x is the slope of the side without it
                if (close(forward, backward) || (!close(analytic[i], forward) && !close(analytic[i], backward))) {
                    fail("gradient of input " + which + " " + in.shapeString() + " at element " + i + ": tape "
                            + analytic[i] + ", central difference " + numeric + ", one-sided " + forward + " / " + backward);
                }
                skipped++;
            }
        }
        assertTrue(skipped <= checked / 20, skipped + " of " + checked + " elements near kinks: too many to be kinks");
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= ATOL + RTOL * Math.max(Math.abs(a), Math.abs(b));
    }

    private static double contract(Function<Tape, Tensor> f, float[] r) {
        float[] d = f.apply(Tape.inference(Parallel.serial())).data();
        double s = 0;
        for (int i = 0; i < d.length; i++) {
            s += (double) r[i] * d[i];
        }
        return s;
    }
}
