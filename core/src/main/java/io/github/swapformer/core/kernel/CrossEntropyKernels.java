package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused log-softmax and cross-entropy over N rows of V logits, with an ignore index and label
 * smoothing as PyTorch defines it (Szegedy et al. 2016, arXiv:1512.00567, §7): the target
 * distribution is q = (1 − ε)·onehot(t) + ε/V, so with logZ = log Σ exp(x) and Σ q = 1
 * <pre>  loss = −Σ q_j (x_j − logZ) = logZ − (1 − ε)·x_t − (ε/V)·Σ x_j</pre>
 * and dloss/dx_j = softmax_j − q_j. Everything is computed relative to the row maximum m, with
 * logS = log Σ exp(x − m): loss = logS + (1 − ε)·(m − x_t) + (ε/V)·Σ (m − x_j), so large logits
 * lose no precision to logZ = m + logS. The forward saves m and logS per row (not the N×V
 * probabilities, which would dominate memory at a large vocabulary); the backward recomputes
 * softmax_j = exp((x_j − m) − logS). Rows whose target is the ignore index get loss 0 and no gradient.
 *
 * <p>Row kernels work on rows {@code [r0, r1)}: a scalar specification and a Vector API twin.
 */
public final class CrossEntropyKernels {
    private CrossEntropyKernels() {
    }

    /** losses[r], rowMax[r] and logSum[r] for every row; targets are assumed already checked to lie in [0, V). */
    public static void forward(float[] losses, float[] rowMax, float[] logSum, float[] logits, int[] targets, int ignoreIndex,
                               float smoothing, int N, int V, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(V), (r0, r1) -> {
            if (Simd.ENABLED) {
                forwardSimd(losses, rowMax, logSum, logits, targets, ignoreIndex, smoothing, r0, r1, V);
            } else {
                forwardScalar(losses, rowMax, logSum, logits, targets, ignoreIndex, smoothing, r0, r1, V);
            }
        });
    }

    public static void forwardScalar(float[] losses, float[] rowMax, float[] logSum, float[] logits, int[] targets,
                                     int ignoreIndex, float smoothing, int r0, int r1, int V) {
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                losses[r] = 0f;
                continue;
            }
            int o = r * V;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < V; j++) {
                max = Math.max(max, logits[o + j]);
            }
            float sumExp = 0f;
            float sumGap = 0f;
            for (int j = 0; j < V; j++) {
                sumExp += (float) Math.exp(logits[o + j] - max);
                sumGap += max - logits[o + j];
            }
            rowMax[r] = max;
            logSum[r] = (float) Math.log(sumExp);
            losses[r] = loss(logSum[r], max - logits[o + targets[r]], sumGap, smoothing, V);
        }
    }

    public static void forwardSimd(float[] losses, float[] rowMax, float[] logSum, float[] logits, int[] targets,
                                   int ignoreIndex, float smoothing, int r0, int r1, int V) {
        Vectorized.forward(losses, rowMax, logSum, logits, targets, ignoreIndex, smoothing, r0, r1, V);
    }

    /** logS + (1 − ε)·(m − x_t) + (ε/V)·Σ (m − x_j): every term is non-negative, nothing cancels. */
    private static float loss(float logSum, float targetGap, float sumGap, float smoothing, int V) {
        float loss = logSum + (1f - smoothing) * targetGap;
        return smoothing == 0f ? loss : loss + smoothing / V * sumGap;
    }

    /** dlogits[r, j] += (exp(x_j − m − logS) − q_j) · dlosses[r] for every row not ignored. */
    public static void backward(float[] dlogits, float[] dlosses, float[] logits, float[] rowMax, float[] logSum,
                                int[] targets, int ignoreIndex, float smoothing, int N, int V, Parallel pool) {
        pool.forRange(N, NormKernels.minRows(V), (r0, r1) -> {
            if (Simd.ENABLED) {
                backwardSimd(dlogits, dlosses, logits, rowMax, logSum, targets, ignoreIndex, smoothing, r0, r1, V);
            } else {
                backwardScalar(dlogits, dlosses, logits, rowMax, logSum, targets, ignoreIndex, smoothing, r0, r1, V);
            }
        });
    }

    public static void backwardScalar(float[] dlogits, float[] dlosses, float[] logits, float[] rowMax, float[] logSum,
                                      int[] targets, int ignoreIndex, float smoothing, int r0, int r1, int V) {
        float uniform = smoothing / V;
        for (int r = r0; r < r1; r++) {
            if (targets[r] == ignoreIndex) {
                continue;
            }
            int o = r * V;
            float g = dlosses[r];
            for (int j = 0; j < V; j++) {
                float p = (float) Math.exp((logits[o + j] - rowMax[r]) - logSum[r]);
                dlogits[o + j] += (p - uniform) * g;
            }
            dlogits[o + targets[r]] -= (1f - smoothing) * g;
        }
    }

    public static void backwardSimd(float[] dlogits, float[] dlosses, float[] logits, float[] rowMax, float[] logSum,
                                    int[] targets, int ignoreIndex, float smoothing, int r0, int r1, int V) {
        Vectorized.backward(dlogits, dlosses, logits, rowMax, logSum, targets, ignoreIndex, smoothing, r0, r1, V);
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static void forward(float[] losses, float[] rowMax, float[] logSum, float[] logits, int[] targets,
                            int ignoreIndex, float smoothing, int r0, int r1, int V) {
            for (int r = r0; r < r1; r++) {
                if (targets[r] == ignoreIndex) {
                    losses[r] = 0f;
                    continue;
                }
                int o = r * V;
                float max = SoftmaxKernels.max(logits, o, V);
                rowMax[r] = max;
                logSum[r] = (float) Math.log(SoftmaxKernels.sumExp(logits, o, V, max));
                float sumGap = smoothing == 0f ? 0f : sumGap(logits, o, V, max);
                losses[r] = loss(logSum[r], max - logits[o + targets[r]], sumGap, smoothing, V);
            }
        }

        /** Σ (max − a[j]) over a[off .. off+V): non-negative terms, unlike V·max − Σ a. */
        static float sumGap(float[] a, int off, int V, float max) {
            int bound = S.loopBound(V);
            FloatVector vmax = FloatVector.broadcast(S, max);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += S.length()) {
                acc = acc.add(vmax.sub(FloatVector.fromArray(S, a, off + j)));
            }
            float s = Lanes.sum(acc);
            for (; j < V; j++) {
                s += max - a[off + j];
            }
            return s;
        }

        static void backward(float[] dlogits, float[] dlosses, float[] logits, float[] rowMax, float[] logSum,
                             int[] targets, int ignoreIndex, float smoothing, int r0, int r1, int V) {
            float uniform = smoothing / V;
            int bound = S.loopBound(V);
            for (int r = r0; r < r1; r++) {
                if (targets[r] == ignoreIndex) {
                    continue;
                }
                int o = r * V;
                float g = dlosses[r];
                float m = rowMax[r];
                float z = logSum[r];
                FloatVector vg = FloatVector.broadcast(S, g);
                int j = 0;
                for (; j < bound; j += S.length()) {
                    FloatVector p = KernelMath.Vectorized.exp(FloatVector.fromArray(S, logits, o + j).sub(m).sub(z));
                    p.sub(uniform).fma(vg, FloatVector.fromArray(S, dlogits, o + j)).intoArray(dlogits, o + j);
                }
                for (; j < V; j++) {
                    float p = (float) Math.exp((logits[o + j] - m) - z);
                    dlogits[o + j] += (p - uniform) * g;
                }
                dlogits[o + targets[r]] -= (1f - smoothing) * g;
            }
        }
    }
}
