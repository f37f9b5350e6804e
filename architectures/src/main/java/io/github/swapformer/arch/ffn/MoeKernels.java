package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.kernel.ElementwiseKernels;
import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.kernel.Lanes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Forward and backward kernels of Mixture-of-Experts routing on flat {@code float[]}: gathering a
 * token batch per expert, combining the experts' outputs with their gates, the gates themselves
 * and the two router losses. Arguments: outputs first, then inputs, then sizes (N tokens, E experts,
 * k choices, C features); backward kernels accumulate.
 *
 * <p>The per-feature work (rows of C) runs on {@link ElementwiseKernels#accumulateRange} and
 * {@link #dot}, each a scalar specification with a Vector API twin. The router-side kernels work on
 * rows of E ≤ a few dozen experts and stay scalar: there is nothing for a vector of 16 lanes to gain.
 */
public final class MoeKernels {
    /** Rows of C features: fewer than this per chunk cost more in hand-off than they gain. */
    private static final int MIN_ROWS = 16;

    private MoeKernels() {
    }

    // ---- dot product, the inner step of the gate gradient ------------------------------------

    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return Simd.ENABLED ? dotSimd(a, aOff, b, bOff, n) : dotScalar(a, aOff, b, bOff, n);
    }

    public static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    public static float dotSimd(float[] a, int aOff, float[] b, int bOff, int n) {
        return Vectorized.dot(a, aOff, b, bOff, n);
    }

    // ---- gather: out (n, C) = x[rows] and dx[rows] += dout -----------------------------------

    public static void gatherForward(float[] out, float[] x, int[] rows, int n, int C, Parallel pool) {
        pool.forRange(n, MIN_ROWS, (from, to) -> {
            for (int i = from; i < to; i++) {
                System.arraycopy(x, rows[i] * C, out, i * C, C);
            }
        });
    }

    /** Rows within one gather are distinct (a token visits an expert once), so chunks never collide. */
    public static void gatherBackward(float[] dx, float[] dout, int[] rows, int n, int C, Parallel pool) {
        pool.forRange(n, MIN_ROWS, (from, to) -> {
            for (int i = from; i < to; i++) {
                ElementwiseKernels.accumulateRange(dx, rows[i] * C, dout, i * C, 1f, C);
            }
        });
    }

    // ---- combine: out[n] = Σ_j kept gate[n, j] · y_{choice[n, j]}[position[n, j]] ----------------

    public static void combineForward(float[] out, float[][] y, float[] gates, int[] choice, int[] position,
                                      int N, int k, int C, Parallel pool) {
        pool.forRange(N, MIN_ROWS, (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int j = 0; j < k; j++) {
                    int p = position[n * k + j];
                    if (p >= 0) {
                        ElementwiseKernels.accumulateRange(out, n * C, y[choice[n * k + j]], p * C, gates[n * k + j], C);
                    }
                }
            }
        });
    }

    /**
     * dy_e[p] += gate·dout[n] and dgates[n, j] += dout[n]·y_e[p] for every kept assignment; either
     * gradient array may be null. Each (e, p) belongs to one (n, j), so token chunks never collide.
     */
    public static void combineBackward(float[][] dy, float[] dgates, float[] dout, float[][] y, float[] gates,
                                       int[] choice, int[] position, int N, int k, int C, Parallel pool) {
        pool.forRange(N, MIN_ROWS, (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int j = 0; j < k; j++) {
                    int p = position[n * k + j];
                    if (p < 0) {
                        continue;
                    }
                    int e = choice[n * k + j];
                    if (dy != null && dy[e] != null) {
                        ElementwiseKernels.accumulateRange(dy[e], p * C, dout, n * C, gates[n * k + j], C);
                    }
                    if (dgates != null) {
                        dgates[n * k + j] += dot(dout, n * C, y[e], p * C, C);
                    }
                }
            }
        });
    }

    // ---- gates from the router probabilities (N, E) ------------------------------------------

    /** gates[n, j] = p[n, choice[n, j]], divided by Σ_j of them when {@code renormalize}. */
    public static void gatesForward(float[] gates, float[] probs, int[] choice, boolean renormalize, int N, int E, int k) {
        for (int n = 0; n < N; n++) {
            float sum = 0f;
            for (int j = 0; j < k; j++) {
                gates[n * k + j] = probs[n * E + choice[n * k + j]];
                sum += gates[n * k + j];
            }
            if (renormalize) {
                for (int j = 0; j < k; j++) {
                    gates[n * k + j] /= sum;
                }
            }
        }
    }

    /**
     * dp[n, choice_j] += dg_j, or for renormalized gates g_j = p_j / s: dp_j += (dg_j − Σ_i dg_i·g_i) / s.
     */
    public static void gatesBackward(float[] dprobs, float[] dgates, float[] gates, float[] probs, int[] choice,
                                     boolean renormalize, int N, int E, int k) {
        for (int n = 0; n < N; n++) {
            float shift = 0f;
            float sum = 1f;
            if (renormalize) {
                sum = 0f;
                for (int j = 0; j < k; j++) {
                    shift += dgates[n * k + j] * gates[n * k + j];
                    sum += probs[n * E + choice[n * k + j]];
                }
            }
            for (int j = 0; j < k; j++) {
                dprobs[n * E + choice[n * k + j]] += (dgates[n * k + j] - shift) / sum;
            }
        }
    }

    // ---- router losses -------------------------------------------------------------------------

    /**
     * The Switch load-balancing loss α·E·Σᵢ fᵢ·Pᵢ with Pᵢ the mean router probability of expert i
     * and fᵢ the given fraction of assignments to it. Summed in double in a fixed order.
     */
    public static float balanceForward(float[] probs, double[] fraction, double alpha, int N, int E) {
        double loss = 0;
        for (int i = 0; i < E; i++) {
            double p = 0;
            for (int n = 0; n < N; n++) {
                p += probs[n * E + i];
            }
            loss += fraction[i] * p / N;
        }
        return (float) (alpha * E * loss);
    }

    /** dp[n, i] += dloss · α·E·fᵢ / N: the loss reaches the router through Pᵢ only (fᵢ counts). */
    public static void balanceBackward(float[] dprobs, float dloss, double[] fraction, double alpha, int N, int E) {
        for (int i = 0; i < E; i++) {
            float g = (float) (dloss * alpha * E * fraction[i] / N);
            for (int n = 0; n < N; n++) {
                dprobs[n * E + i] += g;
            }
        }
    }

    /** The router z-loss coefficient·(1/N)·Σₙ (log Σᵢ exp zₙᵢ)²; saves each row's log-sum-exp in {@code lse}. */
    public static float zLossForward(float[] lse, float[] logits, double coefficient, int N, int E) {
        double loss = 0;
        for (int n = 0; n < N; n++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < E; i++) {
                max = Math.max(max, logits[n * E + i]);
            }
            double s = 0;
            for (int i = 0; i < E; i++) {
                s += Math.exp(logits[n * E + i] - max);
            }
            lse[n] = (float) (max + Math.log(s));
            loss += (double) lse[n] * lse[n];
        }
        return (float) (coefficient * loss / N);
    }

    /** dz[n, i] += dloss · coefficient · 2·lseₙ·softmax(zₙ)ᵢ / N. */
    public static void zLossBackward(float[] dlogits, float dloss, float[] lse, float[] logits, double coefficient,
                                     int N, int E) {
        for (int n = 0; n < N; n++) {
            float g = (float) (dloss * coefficient * 2 * lse[n] / N);
            for (int i = 0; i < E; i++) {
                dlogits[n * E + i] += g * (float) Math.exp(logits[n * E + i] - lse[n]);
            }
        }
    }

    /**
     * The Vector API code, in a class of its own so that the JVM loads and verifies it only when a
     * SIMD twin runs: without the {@code jdk.incubator.vector} module the scalar path still works.
     */
    private static final class Vectorized {
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

        private Vectorized() {
        }

        static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
            FloatVector acc = FloatVector.zero(SPECIES);
            int i = 0;
            for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
                acc = FloatVector.fromArray(SPECIES, a, aOff + i).fma(FloatVector.fromArray(SPECIES, b, bOff + i), acc);
            }
            float s = Lanes.sum(acc);
            for (; i < n; i++) {
                s += a[aOff + i] * b[bOff + i];
            }
            return s;
        }
    }
}
