package io.github.swapformer.positional;

/**
 * What one FIRE call needs, computed once: the positions, the current c and threshold
 * L = |ℓ·L₀|, ψ(a) = ln(|c|·a + 1) for every distance a present, and — for the queries at or
 * below the threshold, whose normalizer ψ(L) is shared — the bias of every distance, so that
 * those rows are a table lookup rather than an MLP per (i, j).
 */
final class FireGeometry {
    final FireMlp mlp;
    final int B;
    final int T;
    final int S;
    final int[] qpos;
    final int[] kpos;
    final double c;
    final double lMultiplier;
    final double baseL;
    final double threshold;
    final double eps;
    final float[] psi;        // ψ(a), a = 0…maxDistance
    final float thresholdNormalizer;
    final float[] biasByDistance; // (maxDistance + 1, NH), for rows at or below the threshold

    FireGeometry(FireMlp mlp, double c, double lMultiplier, double baseL, double eps, int[] qpos, int[] kpos, int B, int T, int S) {
        this.mlp = mlp;
        this.B = B;
        this.T = T;
        this.S = S;
        this.qpos = qpos;
        this.kpos = kpos;
        this.c = c;
        this.lMultiplier = lMultiplier;
        this.baseL = baseL;
        this.eps = eps;
        this.threshold = Math.abs(lMultiplier * baseL);
        int maxDistance = 0;
        for (int b = 0; b < B; b++) {
            int qMin = Integer.MAX_VALUE;
            int qMax = Integer.MIN_VALUE;
            int kMin = Integer.MAX_VALUE;
            int kMax = Integer.MIN_VALUE;
            for (int i = 0; i < T; i++) {
                qMin = Math.min(qMin, qpos[b * T + i]);
                qMax = Math.max(qMax, qpos[b * T + i]);
            }
            for (int j = 0; j < S; j++) {
                kMin = Math.min(kMin, kpos[b * S + j]);
                kMax = Math.max(kMax, kpos[b * S + j]);
            }
            if (T > 0 && S > 0) {
                maxDistance = Math.max(maxDistance, Math.max(Math.abs(qMax - kMin), Math.abs(kMax - qMin)));
            }
        }
        this.psi = new float[maxDistance + 1];
        for (int a = 0; a <= maxDistance; a++) {
            psi[a] = (float) Math.log(Math.abs(c) * a + 1);
        }
        this.thresholdNormalizer = normalizer(0);
        this.biasByDistance = new float[(maxDistance + 1) * mlp.heads];
        float[] out = new float[mlp.heads];
        float[] hidden = new float[mlp.width];
        for (int a = 0; a <= maxDistance; a++) {
            mlp.forward(psi[a] / thresholdNormalizer, out, hidden);
            System.arraycopy(out, 0, biasByDistance, a * mlp.heads, mlp.heads);
        }
    }

    /** Whether query position qp is normalized by the threshold (the shared, tabulated case). */
    boolean atThreshold(int qp) {
        return qp <= threshold;
    }

    /** ψ(max(L, qp)) + eps. */
    float normalizer(int qp) {
        return (float) (Math.log(Math.abs(c) * Math.max(qp, threshold) + 1) + eps);
    }

    /** ∂u/∂c for u = ψ(a)/(ψ(m) + eps). */
    double duDc(int a, double m) {
        double ac = Math.abs(c);
        double sign = Math.signum(c);
        double A = Math.log(ac * a + 1);
        double N = Math.log(ac * m + 1) + eps;
        return sign * a / (ac * a + 1) / N - A * (sign * m / (ac * m + 1)) / (N * N);
    }

    /** ∂u/∂ℓ for a query normalized by the threshold m = |ℓ·L₀|. */
    double duDl(int a) {
        double ac = Math.abs(c);
        double A = Math.log(ac * a + 1);
        double N = Math.log(ac * threshold + 1) + eps;
        return -A / (N * N) * ac / (ac * threshold + 1) * Math.signum(lMultiplier) * baseL;
    }
}
