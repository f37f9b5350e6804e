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
 * <p>Each method exists as {@code …Scalar} (the specification) and {@code …Simd} (the Vector API
 * twin, same signature): one row algorithm run with {@link RowMath#SCALAR} or {@link RowMath#SIMD}.
 */
final class StreamingKernels {
    private StreamingKernels() {
    }

    /** The scaled, biased (and additively masked) score of row r and key j; −∞ when masked out. */
    private static float score(float[] q, float[] bias, StreamGeometry g, int r, int kb, int mo, int j, int jj, int n, RowMath math) {
        float add = g.additive(mo, j);
        if (add == Float.NEGATIVE_INFINITY) {
            return add; // hidden key: skip its dot product (half of a causal mask's work)
        }
        float z = g.scale() * math.dot(q, r * g.HS(), g.kv().keys(), kb + j * g.HS(), g.HS());
        if (bias != null) {
            z += bias[r * n + jj];
        }
        return z + add;
    }

    public static void forwardRowsScalar(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                         int j0, int j1, int r0, int r1) {
        forwardRows(o, m, l, q, bias, g, j0, j1, r0, r1, RowMath.SCALAR);
    }

    public static void forwardRowsSimd(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                       int j0, int j1, int r0, int r1) {
        forwardRows(o, m, l, q, bias, g, j0, j1, r0, r1, RowMath.SIMD);
    }

    /** Folds keys [j0, j1) into rows [r0, r1): o, m, l are the unnormalized output, running max and sum. */
    private static void forwardRows(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                                    int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] z = new float[n];
        float[] values = g.kv().values();
        for (int r = r0; r < r1; r++) {
            int kb = g.kvBase(r);
            int mo = g.maskRow(r);
            int visible = g.visibleEnd(r, j1) - j0; // keys past it are causally hidden: never visited
            float blockMax = Float.NEGATIVE_INFINITY;
            for (int jj = 0; jj < visible; jj++) {
                z[jj] = score(q, bias, g, r, kb, mo, j0 + jj, jj, n, math);
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
            for (int jj = 0; jj < visible; jj++) {
                if (z[jj] == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                float p = (float) Math.exp(z[jj] - mNew);
                sum += p;
                float w = g.weight(r, mo, j0 + jj);
                if (w != 0f) {
                    math.axpy(o, r * HS, p * w, values, kb + (j0 + jj) * HS, HS);
                }
            }
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
        probabilityRows(p, pw, q, bias, lse, g, j0, j1, r0, r1, RowMath.SIMD);
    }

    /** The block's probabilities p = exp(z − lse) and the weighted pw = p·w (what multiplies v), rows [r0, r1). */
    private static void probabilityRows(float[] p, float[] pw, float[] q, float[] bias, float[] lse, StreamGeometry g,
                                        int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        for (int r = r0; r < r1; r++) {
            int kb = g.kvBase(r);
            int mo = g.maskRow(r);
            int visible = g.visibleEnd(r, j1) - j0;
            for (int jj = 0; jj < n; jj++) {
                float z = lse[r] == Float.NEGATIVE_INFINITY || jj >= visible ? Float.NEGATIVE_INFINITY
                        : score(q, bias, g, r, kb, mo, j0 + jj, jj, n, math);
                float pj = z == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(z - lse[r]);
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
        gradientRows(dz, dq, pw, dO, mixGrad, D, g, j0, j1, r0, r1, RowMath.SIMD);
    }

    /**
     * dz = pw·(dO·v + dP') − p·D, overwriting p (which {@code dz} holds on entry), and
     * dq += scale·Σ_j dz_j·k_j (dq may be null), for rows [r0, r1).
     */
    private static void gradientRows(float[] dz, float[] dq, float[] pw, float[] dO, float[] mixGrad, float[] D,
                                     StreamGeometry g, int j0, int j1, int r0, int r1, RowMath math) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] keys = g.kv().keys();
        float[] values = g.kv().values();
        for (int r = r0; r < r1; r++) {
            int kb = g.kvBase(r);
            for (int jj = 0; jj < n; jj++) {
                int i = r * n + jj;
                if (dz[i] == 0f) {
                    continue; // p = 0: hidden key, or a row that saw no key
                }
                float dp = math.dot(dO, r * HS, values, kb + (j0 + jj) * HS, HS);
                if (mixGrad != null) {
                    dp += mixGrad[i];
                }
                dz[i] = pw[i] * dp - dz[i] * D[r];
                if (dq != null) {
                    math.axpy(dq, r * HS, g.scale() * dz[i], keys, kb + (j0 + jj) * HS, HS);
                }
            }
        }
    }

    public static void keyValueGradsScalar(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                                           StreamGeometry g, int j0, int j1, int u0, int u1) {
        keyValueGrads(dk, dv, dz, pw, q, dO, g, j0, j1, u0, u1, RowMath.SCALAR);
    }

    public static void keyValueGradsSimd(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                                         StreamGeometry g, int j0, int j1, int u0, int u1) {
        keyValueGrads(dk, dv, dz, pw, q, dO, g, j0, j1, u0, u1, RowMath.SIMD);
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
        for (int u = u0; u < u1; u++) {
            int b = u / (NKV * n);
            int head = (u / n) % NKV;
            int jj = u % n;
            int row = g.kv().base(b, head) + (j0 + jj) * HS;
            for (int h = head * groups; h < (head + 1) * groups; h++) {
                for (int t = 0; t < T; t++) {
                    int r = (b * g.NH() + h) * T + t;
                    int i = r * n + jj;
                    if (dk != null && dz[i] != 0f) {
                        math.axpy(dk, row, g.scale() * dz[i], q, r * HS, HS);
                    }
                    if (dv != null && pw[i] != 0f) {
                        math.axpy(dv, row, pw[i], dO, r * HS, HS);
                    }
                }
            }
        }
    }
}
