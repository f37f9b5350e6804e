package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Grouped-query attention's sharing of key/value heads (Ainslie et al. 2023, arXiv 2305.13245):
 * each of NKV heads serves NH/NKV consecutive query heads. Backward sums each group's gradients.
 */
public final class Heads {
    private Heads() {
    }

    /** x (B, NKV, S, HS) → (B, NKV·groups, S, HS); returns x itself when groups = 1. */
    public static Tensor repeat(Tape tape, Tensor x, int groups) {
        if (groups == 1) {
            return x;
        }
        int B = x.dim(0);
        int nkv = x.dim(1);
        int block = x.dim(2) * x.dim(3); // one head's (S, HS)
        Tensor y = tape.output(new int[] {B, nkv * groups, x.dim(2), x.dim(3)}, x);
        float[] xd = x.data();
        float[] yd = y.data();
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nkv; h++) {
                for (int g = 0; g < groups; g++) {
                    System.arraycopy(xd, (b * nkv + h) * block, yd, ((b * nkv + h) * groups + g) * block, block);
                }
            }
        }
        if (tape.needsGrad(x)) {
            tape.record(() -> {
                float[] dx = x.grad();
                float[] dy = y.grad();
                for (int b = 0; b < B; b++) {
                    for (int h = 0; h < nkv; h++) {
                        int src = (b * nkv + h) * block;
                        for (int g = 0; g < groups; g++) {
                            int from = ((b * nkv + h) * groups + g) * block;
                            for (int i = 0; i < block; i++) {
                                dx[src + i] += dy[from + i];
                            }
                        }
                    }
                }
            });
        }
        return y;
    }
}
