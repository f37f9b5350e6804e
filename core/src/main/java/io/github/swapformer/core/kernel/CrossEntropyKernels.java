package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused log-softmax and cross-entropy over N rows of V logits, with an ignore index and label
 * smoothing as PyTorch defines it (Szegedy et al. 2016, arXiv:1512.00567, §7): the target
 * distribution is q = (1 − ε)·onehot(t) + ε/V, so with logZ = log Σ exp(x)
 * <pre>  loss = −Σ q_j (x_j − logZ) = logZ − (1 − ε)·x_t − (ε/V)·Σ x_j</pre>
 * and dloss/dx_j = softmax_j − q_j. The forward saves only logZ per row (not the N×V
 * probabilities, which would dominate memory at a large vocabulary); the backward recomputes
 * softmax_j = exp(x_j − logZ). Rows whose target is the ignore index get loss 0 and no gradient.
 *
 * <p>Row kernels work on rows {@code [r0, r1)}: a scalar specification and a Vector API twin.
 */
public final class CrossEntropyKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CrossEntropyKernels() {
    }

    /** losses[r] and logZ[r] for every row; targets are assumed already checked to lie in [0, V). */
    public static void forward(float[] losses, float[] logZ, float[] logits, int[] targets, int ignoreIndex,
                               float smoothing, int N, int V, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(V), (r0, r1) -> {
            if (Simd.ENABLED) {
                forwardSimd(losses, logZ, logits, targets, ignoreIndex, smoothing, r0, r1, V);
            } else {
                forwardScalar(losses, logZ, logits, targets, ignoreIndex, smoothing, r0, r1, V);
            }
        });
    }

    public static void forwardScalar(float[] losses, float[] logZ, float[] logits, int[] targets, int ignoreIndex,
                                     float smoothing, int r0, int r1, int V) {
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                losses[r] = 0f;
                logZ[r] = 0f;
                continue;
            }
            int o = r * V;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < V; j++) {
                max = Math.max(max, logits[o + j]);
            }
            float sumExp = 0f;
            float sumX = 0f;
            for (int j = 0; j < V; j++) {
                sumExp += (float) Math.exp(logits[o + j] - max);
                sumX += logits[o + j];
            }
            logZ[r] = max + (float) Math.log(sumExp);
            losses[r] = loss(logZ[r], logits[o + targets[r]], sumX, smoothing, V);
        }
    }

    public static void forwardSimd(float[] losses, float[] logZ, float[] logits, int[] targets, int ignoreIndex,
                                   float smoothing, int r0, int r1, int V) {
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                losses[r] = 0f;
                logZ[r] = 0f;
                continue;
            }
            int o = r * V;
            float max = SoftmaxKernels.max(logits, o, V);
            logZ[r] = max + (float) Math.log(SoftmaxKernels.sumExp(logits, o, V, max));
            float sumX = smoothing == 0f ? 0f : NormKernels.sum(logits, o, V);
            losses[r] = loss(logZ[r], logits[o + targets[r]], sumX, smoothing, V);
        }
    }

    private static float loss(float logZ, float xTarget, float sumX, float smoothing, int V) {
        float loss = logZ - (1f - smoothing) * xTarget;
        return smoothing == 0f ? loss : loss - smoothing / V * sumX;
    }

    /** dlogits[r, j] += (exp(x_j − logZ) − q_j) · dlosses[r] for every row not ignored. */
    public static void backward(float[] dlogits, float[] dlosses, float[] logits, float[] logZ, int[] targets,
                                int ignoreIndex, float smoothing, int N, int V, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(V), (r0, r1) -> {
            if (Simd.ENABLED) {
                backwardSimd(dlogits, dlosses, logits, logZ, targets, ignoreIndex, smoothing, r0, r1, V);
            } else {
                backwardScalar(dlogits, dlosses, logits, logZ, targets, ignoreIndex, smoothing, r0, r1, V);
            }
        });
    }

    public static void backwardScalar(float[] dlogits, float[] dlosses, float[] logits, float[] logZ, int[] targets,
                                      int ignoreIndex, float smoothing, int r0, int r1, int V) {
        float uniform = smoothing / V;
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                continue;
            }
            int o = r * V;
            float g = dlosses[r];
            for (int j = 0; j < V; j++) {
                float p = (float) Math.exp(logits[o + j] - logZ[r]);
                dlogits[o + j] += (p - uniform) * g;
            }
            dlogits[o + targets[r]] -= (1f - smoothing) * g;
        }
    }

    public static void backwardSimd(float[] dlogits, float[] dlosses, float[] logits, float[] logZ, int[] targets,
                                    int ignoreIndex, float smoothing, int r0, int r1, int V) {
        float uniform = smoothing / V;
        int bound = S.loopBound(V);
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                continue;
            }
            int o = r * V;
            float g = dlosses[r];
            float z = logZ[r];
            FloatVector vg = FloatVector.broadcast(S, g);
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector p = FloatVector.fromArray(S, logits, o + j).sub(z).lanewise(VectorOperators.EXP);
                p.sub(uniform).fma(vg, FloatVector.fromArray(S, dlogits, o + j)).intoArray(dlogits, o + j);
            }
            for (; j < V; j++) {
                float p = (float) Math.exp(logits[o + j] - z);
                dlogits[o + j] += (p - uniform) * g;
            }
            dlogits[o + targets[r]] -= (1f - smoothing) * g;
        }
    }
}
