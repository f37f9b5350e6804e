package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Turns scores (B, NH, T, S) into attention weights under a {@link MaskMode}, with backward.
 * The multiplicative modes weigh the unmasked softmax by w = exp(mask) (1 where the additive mask
 * is 0, 0 where it is −∞), optionally dividing each row by its new sum: y = u / Σu with u = p·w,
 * whose backward is du = (dy − Σ dy·y) / Σu. The mask (B, 1, T, S) broadcasts over heads.
 */
final class MaskedProbabilities {
    private MaskedProbabilities() {
    }

    static Tensor apply(Tape tape, Tensor scores, Tensor mask, MaskMode mode) {
        if (mode == MaskMode.ADDITIVE || mask == null) {
            return Softmax.softmax(tape, scores, mask);
        }
        checkMask(scores, mask);
        Tensor p = Softmax.softmax(tape, scores, null);
        return weigh(tape, p, mask, mode == MaskMode.MULTIPLICATIVE_RENORMALIZED);
    }

    static void checkMask(Tensor scores, Tensor mask) {
        checkMask(scores.dim(0), scores.dim(2), scores.dim(3), mask);
    }

    /** The mask must be (B, 1, T, S), one per batch row, or (1, 1, T, S), shared; broadcast over heads. */
    static void checkMask(int B, int T, int S, Tensor mask) {
        if (mask.rank() != 4 || (mask.dim(0) != B && mask.dim(0) != 1) || mask.dim(1) != 1 || mask.dim(2) != T || mask.dim(3) != S) {
            throw new IllegalArgumentException("mask " + mask.shapeString() + " must be (B, 1, T, S) = (" + B + ", 1, " + T + ", " + S
                    + ") or (1, 1, T, S)");
        }
    }

    /** Offset of the mask row of score row r = (b, h, t), for a mask of {@code maskBatch} rows. */
    static int maskRow(int r, int NH, int T, int S, int maskBatch) {
        int b = maskBatch == 1 ? 0 : r / (NH * T);
        return (b * T + r % T) * S;
    }

    private static Tensor weigh(Tape tape, Tensor p, Tensor mask, boolean renormalize) {
        int B = p.dim(0);
        int NH = p.dim(1);
        int T = p.dim(2);
        int S = p.dim(3);
        Tensor y = tape.output(p.shape(), p);
        float[] sums = new float[B * NH * T]; // Σu per row, for the renormalized backward
        float[] pd = p.data();
        float[] yd = y.data();
        float[] m = mask.data();
        int mb = mask.dim(0);
        tape.pool().forRange(B * NH * T, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int mo = maskRow(r, NH, T, S, mb);
                float sum = 0f;
                for (int j = 0; j < S; j++) {
                    float u = pd[r * S + j] * (float) Math.exp(m[mo + j]);
                    yd[r * S + j] = u;
                    sum += u;
                }
                sums[r] = sum;
                if (renormalize) {
                    float inv = sum > 0f ? 1f / sum : 0f; // nothing visible: the row stays 0
                    for (int j = 0; j < S; j++) {
                        yd[r * S + j] *= inv;
                    }
                }
            }
        });
        if (tape.needsGrad(p)) {
            tape.record(() -> tape.pool().forRange(B * NH * T, 16, (r0, r1) -> {
                float[] dy = y.grad();
                float[] dp = p.grad();
                for (int r = r0; r < r1; r++) {
                    int mo = maskRow(r, NH, T, S, mb);
                    float dot = 0f;
                    float inv = 1f;
                    if (renormalize) {
                        inv = sums[r] > 0f ? 1f / sums[r] : 0f;
                        for (int j = 0; j < S; j++) {
                            dot += dy[r * S + j] * yd[r * S + j];
                        }
                    }
                    for (int j = 0; j < S; j++) {
                        dp[r * S + j] += (dy[r * S + j] - dot) * inv * (float) Math.exp(m[mo + j]);
                    }
                }
            }));
        }
        return y;
    }
}
