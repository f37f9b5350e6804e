package io.github.swapformer.core.ops;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.CrossEntropyKernels;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy over logits with integer targets, an ignore index and label smoothing, as
 * PyTorch's {@code F.cross_entropy(logits, targets, ignore_index=…, label_smoothing=ε)} (label
 * smoothing: Szegedy et al. 2016, arXiv:1512.00567, §7). The log-softmax is fused into the loss,
 * so no N×V probability tensor is kept for the backward.
 */
public final class Losses {
    /** PyTorch's default ignore index. */
    public static final int IGNORE_INDEX = -100;

    private Losses() {
    }

    /** Mean cross-entropy without smoothing; targets equal to {@link #IGNORE_INDEX} are skipped. */
    public static Tensor crossEntropy(Tape tape, Tensor logits, int[] targets) {
        return crossEntropy(tape, logits, targets, IGNORE_INDEX, 0f);
    }

    /**
     * The mean of {@link #crossEntropyPerPosition} over the positions whose target is not
     * {@code ignoreIndex}, as a rank-0 tensor. When every position is ignored the loss is 0 with
     * zero gradient (PyTorch returns NaN there, 0/0; a batch of padding is not a divergence).
     * Backward: dlogits = (softmax − q) · dloss / count.
     */
    public static Tensor crossEntropy(Tape tape, Tensor logits, int[] targetsIn, int ignoreIndex, float labelSmoothing) {
        int[] targets = targetsIn.clone(); // read again by the backward: the caller may reuse its array
        Tensor perPosition = crossEntropyPerPosition(tape, logits, targets, ignoreIndex, labelSmoothing);
        int count = 0;
        double sum = 0; // double: the mean of many positions should not depend on float rounding of a long sum
        float[] losses = perPosition.data();
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] != ignoreIndex) {
                count++;
                sum += losses[r];
            }
        }
        Tensor mean = tape.output(new int[0], perPosition);
        mean.data()[0] = count == 0 ? 0f : (float) (sum / count);
        if (count > 0 && tape.needsGrad(perPosition)) {
            int n = count;
            tape.record(() -> {
                float g = mean.grad()[0] / n;
                float[] dl = perPosition.grad();
                for (int r = 0; r < targets.length; r++) {
                    if (targets[r] != ignoreIndex) {
                        dl[r] += g;
                    }
                }
            });
        }
        return mean;
    }

    /**
     * The loss at every position: logits (..., V) and targets with one entry per row of logits
     * (row-major over the leading axes); result shaped like the leading axes. Ignored positions
     * have loss 0. With smoothing ε the target distribution is (1 − ε)·onehot + ε/V.
     */
    public static Tensor crossEntropyPerPosition(Tape tape, Tensor logits, int[] targets, int ignoreIndex,
                                                 float labelSmoothing) {
        if (logits.rank() < 1 || logits.dim(-1) < 1) {
            throw new IllegalArgumentException("crossEntropy: logits " + logits.shapeString()
                    + " must have a last (vocabulary) axis of size >= 1");
        }
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("crossEntropy: labelSmoothing " + labelSmoothing + " must be in [0, 1]");
        }
        int V = logits.dim(-1);
        int N = logits.rows();
        checkTargets(targets, N, V, ignoreIndex, logits);
        Tensor losses = tape.output(Arrays.copyOf(logits.shape(), logits.rank() - 1), logits);
        float[] rowMax = new float[N];
        float[] logSum = new float[N];
        CrossEntropyKernels.forward(losses.data(), rowMax, logSum, logits.data(), targets, ignoreIndex, labelSmoothing, N, V,
                tape.pool());
        if (tape.needsGrad(logits)) {
            int[] t = targets.clone(); // the caller may reuse its array before backward runs
            tape.record(() -> CrossEntropyKernels.backward(logits.grad(), losses.grad(), logits.data(), rowMax, logSum, t,
                    ignoreIndex, labelSmoothing, N, V, tape.pool()));
        }
        return losses;
    }

    private static void checkTargets(int[] targets, int N, int V, int ignoreIndex, Tensor logits) {
        if (targets.length != N) {
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for logits "
                    + logits.shapeString() + ", which have " + N + " positions");
        }
        for (int r = 0; r < N; r++) {
            int t = targets[r];
            if (t != ignoreIndex && (t < 0 || t >= V)) {
                throw new IllegalArgumentException("crossEntropy: targets[" + r + "] = " + t + " is outside [0, " + V
                        + ") and is not the ignore index " + ignoreIndex);
            }
        }
    }
}
