package io.github.swapformer.core.kernel;

import io.github.swapformer.core.parallel.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Runs the kernels that reduce across vector lanes (norms, softmax, cross-entropy, skinny matmul)
 * many times on fixed inputs and prints a hash of the last results' bits. Started by
 * {@link TierDeterminismTest} in JVMs whose JIT does or does not reach C2's Vector API intrinsics.
 */
public final class TierDeterminismMain {
    private TierDeterminismMain() {
    }

    public static void main(String[] args) {
        int rows = 3;
        int c = 1023;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[rows * c];
        float[] w = new float[c];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * 3f;
        }
        for (int i = 0; i < c; i++) {
            w[i] = 1f + (float) random.nextGaussian() * 0.1f;
        }
        int[] targets = {1, 500, 1022};
        float[] y = new float[x.length];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        float[] mm = new float[rows * 64];
        float[] b = Arrays.copyOf(x, 64 * c); // (64, C) for a skinny A·Bᵀ
        float[] loss = new float[rows];
        float[] stats = new float[2 * rows];
        int hash = 0;
        try (Parallel pool = Parallel.serial()) {
            for (int rep = 0; rep < Integer.getInteger("reps", 1); rep++) {
                hash = 1;
                NormKernels.layerNormForward(y, mean, rstd, x, w, null, 1e-5f, rows, c, pool);
                hash = 31 * hash + Arrays.hashCode(y);
                RmsNormKernels.rmsNormForward(y, rstd, x, w, 1e-5f, rows, c, pool);
                hash = 31 * hash + Arrays.hashCode(y);
                SoftmaxKernels.softmaxForward(y, x, null, null, rows, c, pool);
                hash = 31 * hash + Arrays.hashCode(y);
                GeluKernels.geluForward(y, x, x.length, pool);
                hash = 31 * hash + Arrays.hashCode(y);
                GeluKernels.geluTanhForward(y, x, x.length, pool);
                hash = 31 * hash + Arrays.hashCode(y);
                MatmulKernels.nt(mm, 0, x, 0, b, 0, rows, 64, c, false, pool);
                hash = 31 * hash + Arrays.hashCode(mm);
                hash = 31 * hash + crossEntropy(loss, stats, x, targets, rows, c, pool);
            }
        }
        System.out.println("simd=" + Simd.ENABLED + " hash=" + Integer.toHexString(hash));
    }

    private static int crossEntropy(float[] loss, float[] stats, float[] x, int[] targets, int rows, int c, Parallel pool) {
        io.github.swapformer.core.tensor.Tensor logits = io.github.swapformer.core.tensor.Tensor.of(x, rows, c);
        io.github.swapformer.core.tensor.Tensor l = io.github.swapformer.core.ops.Losses.crossEntropyPerPosition(
                io.github.swapformer.core.autograd.Tape.inference(pool), logits, targets, -100, 0.1f);
        return Arrays.hashCode(l.data());
    }
}
