package io.github.swapformer.arch.attention;

import java.util.Arrays;

/**
 * The row kernels of streaming attention (online softmax: Milakov &amp; Gimelshein 2018, arXiv
 * 1805.02867; FlashAttention, Dao et al. 2022, arXiv 2205.14135, Alg. 1–2). A score row r is one
 * (b, h, t); a key block is keys [j0, j1), n = j1 − j0, and block buffers are (B, NH, T, n).
 * z = scale·q·k + bias (+ mask when additive); forward keeps per row the running max m, the
 * running sum l of exp(z − m) and the unnormalized output, then divides and saves only
 * lse = m + log l. Backward recomputes p = exp(z − lse) block by block: with D = dO·o,
 * dz = p·(w·(dO·v + dP') − D), where w is the mask-mode and dropout weight and dP' the gradient a
 * value-side positional term sends to the probabilities.
 *
 * <p>Each method exists as {@code …Scalar}, the specification, one row at a time with
 * {@link RowMath#SCALAR}, and {@code …Simd}, the Vector API twin with the same signature, which
 * runs the same algorithm on tiles of rows with the core's matrix kernels ({@link StreamingTiles}).
 */
final class StreamingKernels {
    private StreamingKernels() {
    }

    /**
     * z[0, count) = scores of row r against keys [j0, j0 + count): scale·q·k + bias + additive
     * mask, −∞ where hidden. The dot products run over all {@code count} keys at once.
     */
    private static void scores(float[] z, float[] q, float[] bias, StreamGeometry g, int r, int kb, int mo,
                               int j0, int count, int n, RowMath math) {
        math.dots(z, 0, q, r * g.HS(), g.kv().keys(), kb + j0 * g.HS(), count, g.HS());
        float scale = g.scale();
        for (int jj = 0; jj < count; jj++) {
            float v = scale * z[jj];
            if (bias != null) {
                v += bias[r * n + jj];
            }
            z[jj] = v + g.additive(mo, j0 + jj);
        }
    }

    public static void forwardRowsScalar(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                         int j0, int j1, int r0, int r1) {
        forwardRows(o, m, l, q, bias, g, j0, j1, r0, r1, RowMath.SCALAR);
    }

    public static void forwardRowsSimd(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                       int j0, int j1, int r0, int r1) {
        StreamingTiles.forwardRows(o, m, l, q, bias, g, j0, j1, r0, r1);
    }

    /** Folds keys [j0, j1) into rows [r0, r1): o, m, l are the unnormalized output, running max and sum. */
    private static void forwardRows(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                    int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] z = new float[n];
        float[] values = g.kv().values();
        boolean weighted = g.weighted();
        for (int r = r0; r < r1; r++) {
            int kb = g.kvBase(r);
            int mo = g.maskRow(r);
            int visible = g.visibleEnd(r, j1) - j0; // keys past it are causally hidden: never visited
            if (visible <= 0) {
                continue;
            }
            scores(z, q, bias, g, r, kb, mo, j0, visible, n, math);
            float blockMax = Float.NEGATIVE_INFINITY;
            for (int jj = 0; jj < visible; jj++) {
                blockMax = Math.max(blockMax, z[jj]);
            }
            if (blockMax == Float.NEGATIVE_INFINITY) {
                continue;
            }
            float mNew = Math.max(m[r], blockMax);
            if (mNew > m[r] && l[r] != 0f) { // rescale what was summed under the old max
                float c = (float) Math.exp(m[r] - mNew);
                l[r] *= c;
                math.scale(o, r * HS, c, HS);
            }
            float sum = 0f;
            for (int jj = 0; jj < visible; jj++) { // z becomes the weight of each value row
                float p = z[jj] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(z[jj] - mNew);
                sum += p;
                z[jj] = weighted && p != 0f ? p * g.weight(r, mo, j0 + jj) : p;
            }
            math.combine(o, r * HS, z, 0, values, kb + j0 * HS, visible, HS);
            l[r] += sum;
            m[r] = mNew;
        }
    }

    /** o /= l and lse = m + log l for rows [r0, r1); a row that saw no key gets o = 0 and lse = −∞. */
    static void finishRows(float[] o, float[] lse, float[] m, float[] l, int HS, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            if (l[r] == 0f) {
                Arrays.fill(o, r * HS, (r + 1) * HS, 0f);
                lse[r] = Float.NEGATIVE_INFINITY;
                continue;
            }
            float inv = 1f / l[r];
            for (int i = r * HS; i < (r + 1) * HS; i++) {
                o[i] *= inv;
            }
            lse[r] = m[r] + (float) Math.log(l[r]);
        }
    }

    public static void probabilityRowsScalar(float[] p, float[] pw, float[] q, float[] bias, float[] lse, StreamGeometry g,
                                             int j0, int j1, int r0, int r1) {
        probabilityRows(p, pw, q, bias, lse, g, j0, j1, r0, r1, RowMath.SCALAR);
    }

    public static void probabilityRowsSimd(float[] p, float[] pw, float[] q, float[] bias, float[] lse, StreamGeometry g,
                                           int j0, int j1, int r0, int r1) {
        StreamingTiles.probabilityRows(p, pw, q, bias, lse, g, j0, j1, r0, r1);
    }

    /** The block's probabilities p = exp(z − lse) and the weighted pw = p·w (what multiplies v), rows [r0, r1). */
    private static void probabilityRows(float[] p, float[] pw, float[] q, float[] bias, float[] lse, StreamGeometry g,
                                        int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        float[] z = new float[n];
        for (int r = r0; r < r1; r++) {
            int visible = lse[r] == Float.NEGATIVE_INFINITY ? 0 : Math.max(0, g.visibleEnd(r, j1) - j0);
            int mo = g.maskRow(r);
            if (visible > 0) {
                scores(z, q, bias, g, r, g.kvBase(r), mo, j0, visible, n, math);
            }
            for (int jj = 0; jj < n; jj++) {
                float pj = jj >= visible || z[jj] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(z[jj] - lse[r]);
                p[r * n + jj] = pj;
                pw[r * n + jj] = pj == 0f ? 0f : pj * g.weight(r, mo, j0 + jj);
            }
        }
    }

    public static void gradientRowsScalar(float[] dz, float[] dq, float[] pw, float[] dO, float[] mixGrad, float[] D,
                                          StreamGeometry g, int j0, int j1, int r0, int r1) {
        gradientRows(dz, dq, pw, dO, mixGrad, D, g, j0, j1, r0, r1, RowMath.SCALAR);
    }

    public static void gradientRowsSimd(float[] dz, float[] dq, float[] pw, float[] dO, float[] mixGrad, float[] D,
                                        StreamGeometry g, int j0, int j1, int r0, int r1) {
        StreamingTiles.gradientRows(dz, dq, pw, dO, mixGrad, D, g, j0, j1, r0, r1);
    }

    /**
     * dz = pw·(dO·v + dP') − p·D, overwriting p (which {@code dz} holds on entry), and
     * dq += scale·Σ_j dz_j·k_j (dq may be null), for rows [r0, r1).
     */
    private static void gradientRows(float[] dz, float[] dq, float[] pw, float[] dO, float[] mixGrad, float[] D,
                                     StreamGeometry g, int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] dp = new float[n];
        for (int r = r0; r < r1; r++) {
            int visible = Math.max(0, g.visibleEnd(r, j1) - j0); // dz stays 0 past it (p = 0 there)
            if (visible == 0) {
                continue;
            }
            int kb = g.kvBase(r);
            math.dots(dp, 0, dO, r * HS, g.kv().values(), kb + j0 * HS, visible, HS);
            for (int jj = 0; jj < visible; jj++) {
                int i = r * n + jj;
                if (dz[i] != 0f) { // p = 0: hidden key, or a row that saw no key
                    dz[i] = pw[i] * (mixGrad == null ? dp[jj] : dp[jj] + mixGrad[i]) - dz[i] * D[r];
                }
                dp[jj] = g.scale() * dz[i];
            }
            if (dq != null) {
                math.combine(dq, r * HS, dp, 0, g.kv().keys(), kb + j0 * HS, visible, HS);
            }
        }
    }

    public static void keyValueGradsScalar(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                                           StreamGeometry g, int j0, int j1, int u0, int u1) {
        keyValueGrads(dk, dv, dz, pw, q, dO, g, j0, j1, u0, u1, RowMath.SCALAR);
    }

    public static void keyValueGradsSimd(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                                         StreamGeometry g, int j0, int j1, int u0, int u1) {
        StreamingTiles.keyValueGrads(dk, dv, dz, pw, q, dO, g, j0, j1, u0, u1);
    }

    /**
     * dk_j += scale·Σ dz·q and dv_j += Σ pw·dO over the query rows of key/value head g's group, for
     * units u = (b, g, jj) in [u0, u1); each unit owns its rows of dk and dv (dk or dv may be null).
     */
    private static void keyValueGrads(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                                      StreamGeometry g, int j0, int j1, int u0, int u1, RowMath math) {
        int n = j1 - j0;
        int HS = g.HS();
        int NKV = g.kv().heads();
        int groups = g.groups();
        int T = g.T();
        float[] c = new float[T];
        for (int u = u0; u < u1; u++) {
            int b = u / (NKV * n);
            int head = (u / n) % NKV;
            int jj = u % n;
            int row = g.kv().base(b, head) + (j0 + jj) * HS;
            int t0 = g.causalOffset() < 0 ? 0 : Math.min(T, Math.max(0, j0 + jj - g.causalOffset())); // earlier queries never see key j
            for (int h = head * groups; h < (head + 1) * groups; h++) {
                int first = (b * g.NH() + h) * T; // this head's query rows are consecutive
                if (dk != null) {
                    for (int t = t0; t < T; t++) {
                        c[t] = g.scale() * dz[(first + t) * n + jj];
                    }
                    math.combine(dk, row, c, t0, q, (first + t0) * HS, T - t0, HS);
                }
                if (dv != null) {
                    for (int t = t0; t < T; t++) {
                        c[t] = pw[(first + t) * n + jj];
                    }
                    math.combine(dv, row, c, t0, dO, (first + t0) * HS, T - t0, HS);
                }
            }
        }
    }
}
