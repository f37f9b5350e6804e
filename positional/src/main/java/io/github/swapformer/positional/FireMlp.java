package io.github.swapformer.positional;

/**
 * FIRE's function f_θ: u ↦ W2·relu(W1·u + b1) + b2 from one normalized distance to one bias per
 * head (Li et al. 2023, arXiv 2310.04418, eq. 5), with its backward pass, over plain arrays.
 * Gradient accumulators are laid out as [dW1 (W), db1 (W), dW2 (NH·W), db2 (NH)].
 */
final class FireMlp {
    final float[] w1; // (W, 1)
    final float[] b1; // (W)
    final float[] w2; // (NH, W)
    final float[] b2; // (NH)
    final int width;
    final int heads;

    FireMlp(float[] w1, float[] b1, float[] w2, float[] b2, int width, int heads) {
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.width = width;
        this.heads = heads;
    }

    int gradSize() {
        return 2 * width + heads * width + heads;
    }

    /** out[h] = f(u)_h; {@code hidden} is scratch of length W. */
    void forward(float u, float[] out, float[] hidden) {
        for (int k = 0; k < width; k++) {
            hidden[k] = Math.max(0f, w1[k] * u + b1[k]);
        }
        for (int h = 0; h < heads; h++) {
            float s = b2[h];
            for (int k = 0; k < width; k++) {
                s += w2[h * width + k] * hidden[k];
            }
            out[h] = s;
        }
    }

    /** Accumulates the parameter gradients of g·f(u) into {@code grads} and returns d(g·f)/du. */
    double backward(float u, float[] g, double[] grads) {
        int oW2 = 2 * width;
        int oB2 = oW2 + heads * width;
        double du = 0;
        for (int k = 0; k < width; k++) {
            float pre = w1[k] * u + b1[k];
            float hk = Math.max(0f, pre);
            double dh = 0;
            for (int h = 0; h < heads; h++) {
                grads[oW2 + h * width + k] += (double) g[h] * hk;
                dh += (double) w2[h * width + k] * g[h];
            }
            if (pre > 0) {
                grads[k] += dh * u;
                grads[width + k] += dh;
                du += dh * w1[k];
            }
        }
        for (int h = 0; h < heads; h++) {
            grads[oB2 + h] += g[h];
        }
        return du;
    }
}
