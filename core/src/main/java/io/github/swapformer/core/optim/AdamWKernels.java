package io.github.swapformer.core.optim;

import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The AdamW update of one parameter tensor, element by element (Loshchilov and Hutter 2019,
 * arXiv:1711.05101, Algorithm 2), written as llm.c's {@code adamw_kernel} writes it:
 *
 * <pre>
 * m = β1·m + (1 − β1)·g
 * v = β2·v + (1 − β2)·g²
 * m̂ = m / biasCorrection1          (biasCorrection1 = 1 − β1^t)
 * v̂ = v / biasCorrection2          (biasCorrection2 = 1 − β2^t)
 * p = p − lr·(m̂ / (√v̂ + ε) + λ·p)
 * </pre>
 *
 * PyTorch's {@code AdamW} first multiplies {@code p} by {@code 1 − lr·λ} and then subtracts
 * {@code lr·m̂/(√v̂ + ε)}: the same value in exact arithmetic, different in the last float bit.
 * We keep the single expression above. All arithmetic is float32, as in llm.c and PyTorch.
 */
public final class AdamWKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Elements per chunk when split over the pool: the update is memory bound, small chunks do not pay. */
    private static final int MIN_CHUNK = 1 << 15;

    private AdamWKernels() {
    }

    /** Updates {@code param[0, n)}, {@code m} and {@code v} in place, split over {@code pool}. */
    public static void step(float[] param, float[] grad, float[] m, float[] v, int n, float lr, float beta1,
                            float beta2, float eps, float weightDecay, float biasCorrection1,
                            float biasCorrection2, Parallel pool) {
        pool.forRange(n, MIN_CHUNK, (from, to) -> {
            if (Simd.ENABLED) {
                rangeSimd(param, grad, m, v, from, to, lr, beta1, beta2, eps, weightDecay, biasCorrection1, biasCorrection2);
            } else {
                rangeScalar(param, grad, m, v, from, to, lr, beta1, beta2, eps, weightDecay, biasCorrection1, biasCorrection2);
            }
        });
    }

    /** The specification: one element at a time, float32 arithmetic. */
    public static void stepScalar(float[] param, float[] grad, float[] m, float[] v, int n, float lr, float beta1,
                                  float beta2, float eps, float weightDecay, float biasCorrection1,
                                  float biasCorrection2) {
        rangeScalar(param, grad, m, v, 0, n, lr, beta1, beta2, eps, weightDecay, biasCorrection1, biasCorrection2);
    }

    /** The Vector API twin of {@link #stepScalar}; differs from it by the rounding of fused multiply-adds. */
    public static void stepSimd(float[] param, float[] grad, float[] m, float[] v, int n, float lr, float beta1,
                                float beta2, float eps, float weightDecay, float biasCorrection1,
                                float biasCorrection2) {
        rangeSimd(param, grad, m, v, 0, n, lr, beta1, beta2, eps, weightDecay, biasCorrection1, biasCorrection2);
    }

    private static void rangeScalar(float[] param, float[] grad, float[] m, float[] v, int from, int to, float lr,
                                    float beta1, float beta2, float eps, float weightDecay, float biasCorrection1,
                                    float biasCorrection2) {
        for (int i = from; i < to; i++) {
            float g = grad[i];
            float mi = beta1 * m[i] + (1f - beta1) * g;
            float vi = beta2 * v[i] + (1f - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            float mHat = mi / biasCorrection1;
            float vHat = vi / biasCorrection2;
            param[i] -= lr * (mHat / ((float) Math.sqrt(vHat) + eps) + weightDecay * param[i]);
        }
    }

    private static void rangeSimd(float[] param, float[] grad, float[] m, float[] v, int from, int to, float lr,
                                  float beta1, float beta2, float eps, float weightDecay, float biasCorrection1,
                                  float biasCorrection2) {
        FloatVector oneMinusBeta1 = FloatVector.broadcast(SPECIES, 1f - beta1);
        FloatVector oneMinusBeta2 = FloatVector.broadcast(SPECIES, 1f - beta2);
        FloatVector decay = FloatVector.broadcast(SPECIES, weightDecay);
        FloatVector minusLr = FloatVector.broadcast(SPECIES, -lr);
        int i = from;
        int bound = from + SPECIES.loopBound(to - from);
        for (; i < bound; i += SPECIES.length()) {
            FloatVector g = FloatVector.fromArray(SPECIES, grad, i);
            FloatVector p = FloatVector.fromArray(SPECIES, param, i);
            FloatVector mi = g.fma(oneMinusBeta1, FloatVector.fromArray(SPECIES, m, i).mul(beta1));
            FloatVector vi = g.mul(g).fma(oneMinusBeta2, FloatVector.fromArray(SPECIES, v, i).mul(beta2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector mHat = mi.div(biasCorrection1);
            FloatVector denom = vi.div(biasCorrection2).lanewise(VectorOperators.SQRT).add(eps);
            FloatVector update = p.fma(decay, mHat.div(denom));
            update.fma(minusLr, p).intoArray(param, i);
        }
        rangeScalar(param, grad, m, v, i, to, lr, beta1, beta2, eps, weightDecay, biasCorrection1, biasCorrection2);
    }
}
