package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;

/**
 * The state of each sequence's first token, [CLS] in BERT (Devlin et al. 2019, §3: "the final
 * hidden vector corresponding to the first input token"), as an op: x (B, T, C) → (B, C).
 */
public final class FirstToken {
    private FirstToken() {
    }

    /** x (B, T, C) → x[:, 0, :] (B, C). Backward: dx[:, 0, :] += dy. */
    public static Tensor select(Tape tape, Tensor x) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("first token: x " + (x == null ? "null" : x.shapeString())
                    + " must be (B, T, C)");
        }
        int B = x.dim(0);
        int T = x.dim(1);
        int C = x.dim(2);
        Tensor y = tape.output(new int[] {B, C}, x);
        for (int b = 0; b < B; b++) {
            System.arraycopy(x.data(), b * T * C, y.data(), b * C, C);
        }
        if (tape.needsGrad(x)) {
            tape.record(() -> {
                float[] dx = x.grad();
                float[] dy = y.grad();
                for (int b = 0; b < B; b++) {
                    for (int c = 0; c < C; c++) {
                        dx[b * T * C + c] += dy[b * C + c];
                    }
                }
            });
        }
        return y;
    }
}
