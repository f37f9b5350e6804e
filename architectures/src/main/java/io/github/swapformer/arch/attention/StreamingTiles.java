package io.github.swapformer.arch.attention;

import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.kernel.KernelMath;
import io.github.swapformer.core.kernel.Lanes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twins of {@link StreamingKernels}: the same row algorithm, with the products of
 * a tile of up to {@value StreamingGeometry#TILE} query rows of one head against a key block done by the core's
 * register-tiled matrix kernels (Q·Kᵀ, P·V, dO·Vᵀ, dZ·K, dZᵀ·Q, Pᵀ·dO) instead of one row at a
 * time, as FlashAttention-2 does per thread block (Dao 2023, arXiv 2307.08691, Alg. 1–2). Under
 * the causal rule a tile computes keys up to its last row's visible end; earlier rows mask the rest.
 */
final class StreamingTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private StreamingTiles() {
    }


    /**
     * The end of the tile from row ra: tiles are StreamingGeometry.TILE rows of one head from the head's first row
     * on, so a row always falls in the same tile (and gets the same rounding) whatever the split.
     */
    private static int tileEnd(int ra, int r1, int T) {
        int head = ra / T * T;
        return Math.min(r1, Math.min(head + T, head + ((ra - head) / StreamingGeometry.TILE + 1) * StreamingGeometry.TILE));
    }

    /** z (rows, w) = scale·Q·Kᵀ + bias + additive mask for rows [ra, rb) and keys [j0, j0 + w), −∞ past each row's end. */
    private static void scores(float[] z, float[] q, float[] bias, StreamGeometry g, int ra, int rb, int j0, int w, int n) {
        int HS = g.HS();
        MatmulKernels.ntSimd(z, 0, q, ra * HS, g.kv().keys(), g.kvBase(ra) + j0 * HS, rb - ra, w, HS, false);
        for (int r = ra; r < rb; r++) {
            int zo = (r - ra) * w;
            int visible = g.visibleEnd(r, j0 + n) - j0;
            int mo = g.maskRow(r);
            for (int jj = 0; jj < w; jj++) {
                if (jj >= visible) {
                    z[zo + jj] = Float.NEGATIVE_INFINITY;
                    continue;
                }
                float v = g.scale() * z[zo + jj];
                if (bias != null) {
                    v += bias[r * n + jj];
                }
                z[zo + jj] = v + g.additive(mo, j0 + jj);
            }
        }
    }

    /** The width of keys any of rows [ra, rb) may see in [j0, j1): the last row sees the most. */
    private static int width(StreamGeometry g, int rb, int j0, int j1) {
        return Math.max(0, g.visibleEnd(rb - 1, j1) - j0);
    }

    static void forwardRows(float[] o, float[] m, float[] l, float[] q, float[] bias, StreamGeometry g,
                            int j0, int j1, int r0, int r1) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] z = new float[StreamingGeometry.TILE * n];
        boolean weighted = g.weighted();
        for (int ra = r0, rb; ra < r1; ra = rb) {
            rb = tileEnd(ra, r1, g.T());
            int w = width(g, rb, j0, j1);
            if (w == 0) {
                continue;
            }
            scores(z, q, bias, g, ra, rb, j0, w, n);
            for (int r = ra; r < rb; r++) {
                int zo = (r - ra) * w;
                float blockMax = Float.NEGATIVE_INFINITY;
                for (int jj = 0; jj < w; jj++) {
                    blockMax = Math.max(blockMax, z[zo + jj]);
                }
                if (blockMax == Float.NEGATIVE_INFINITY) {
                    java.util.Arrays.fill(z, zo, zo + w, 0f); // sees none of these keys: adds nothing below
                    continue;
                }
                float mNew = Math.max(m[r], blockMax);
                if (mNew > m[r] && l[r] != 0f) {
                    float c = (float) Math.exp(m[r] - mNew);
                    l[r] *= c;
                    RowMath.simd().scale(o, r * HS, c, HS);
                }
                float sum = expInPlace(z, zo, w, mNew);
                if (weighted) {
                    int mo = g.maskRow(r);
                    for (int jj = 0; jj < w; jj++) {
                        z[zo + jj] = z[zo + jj] == 0f ? 0f : z[zo + jj] * g.weight(r, mo, j0 + jj);
                    }
                }
                l[r] += sum;
                m[r] = mNew;
            }
            MatmulKernels.nnSimd(o, ra * HS, z, 0, g.kv().values(), g.kvBase(ra) + j0 * HS, rb - ra, HS, w, true);
        }
    }

    static void probabilityRows(float[] p, float[] pw, float[] q, float[] bias, float[] lse, StreamGeometry g,
                                int j0, int j1, int r0, int r1) {
        int n = j1 - j0;
        float[] z = new float[StreamingGeometry.TILE * n];
        for (int ra = r0, rb; ra < r1; ra = rb) {
            rb = tileEnd(ra, r1, g.T());
            int w = width(g, rb, j0, j1);
            if (w > 0) {
                scores(z, q, bias, g, ra, rb, j0, w, n);
            }
            for (int r = ra; r < rb; r++) {
                int mo = g.maskRow(r);
                if (w > 0 && lse[r] != Float.NEGATIVE_INFINITY) {
                    System.arraycopy(z, (r - ra) * w, p, r * n, w);
                    expInPlace(p, r * n, w, lse[r]);
                }
                for (int jj = 0; jj < n; jj++) {
                    float pj = p[r * n + jj]; // 0 where never written: hidden, or a row that saw no key
                    pw[r * n + jj] = pj == 0f || !g.weighted() ? pj : pj * g.weight(r, mo, j0 + jj);
                }
            }
        }
    }

    static void gradientRows(float[] dz, float[] dq, float[] pw, float[] dO, float[] mixGrad, float[] D,
                             StreamGeometry g, int j0, int j1, int r0, int r1) {
        int n = j1 - j0;
        int HS = g.HS();
        float[] dp = new float[StreamingGeometry.TILE * n];
        for (int ra = r0, rb; ra < r1; ra = rb) {
            rb = tileEnd(ra, r1, g.T());
            int w = width(g, rb, j0, j1);
            if (w == 0) {
                continue;
            }
            int kb = g.kvBase(ra);
            MatmulKernels.ntSimd(dp, 0, dO, ra * HS, g.kv().values(), kb + j0 * HS, rb - ra, w, HS, false);
            for (int r = ra; r < rb; r++) {
                for (int jj = 0; jj < w; jj++) {
                    int i = r * n + jj;
                    int t = (r - ra) * w + jj;
                    if (dz[i] != 0f) {
                        dz[i] = pw[i] * (mixGrad == null ? dp[t] : dp[t] + mixGrad[i]) - dz[i] * D[r];
                    }
                    dp[t] = g.scale() * dz[i];
                }
            }
            if (dq != null) {
                MatmulKernels.nnSimd(dq, ra * HS, dp, 0, g.kv().keys(), kb + j0 * HS, rb - ra, HS, w, true);
            }
        }
    }

    /** Units u = (b, head, jj) in [u0, u1), taken as runs of consecutive keys of one (b, head) and chunk. */
    static void keyValueGrads(float[] dk, float[] dv, float[] dz, float[] pw, float[] q, float[] dO,
                              StreamGeometry g, int j0, int j1, int u0, int u1) {
        int n = j1 - j0;
        int HS = g.HS();
        int T = g.T();
        int groups = g.groups();
        for (int ua = u0, ub; ua < u1; ua = ub) {
            int jStart = ua % n;
            ub = Math.min(u1, ua - jStart + Math.min(n, (jStart / StreamingGeometry.KEY_CHUNK + 1) * StreamingGeometry.KEY_CHUNK)); // never across a chunk
            int b = ua / (g.kv().heads() * n);
            int head = (ua / n) % g.kv().heads();
            int ja = ua % n;
            int keys = ub - ua;
            int row = g.kv().base(b, head) + (j0 + ja) * HS;
            int t0 = g.causalOffset() < 0 ? 0 : Math.min(T, Math.max(0, j0 + ja - g.causalOffset())); // no earlier query sees these keys
            float[] c = new float[(T - t0) * keys];
            for (int h = head * groups; h < (head + 1) * groups; h++) {
                int first = (b * g.NH() + h) * T + t0;
                if (dk != null) { // dk(keys, HS) += (scale·dz)ᵀ(keys, T)·q(T, HS)
                    copyColumns(c, dz, g.scale(), first, T - t0, n, ja, keys);
                    MatmulKernels.tnSimd(dk, row, c, 0, q, first * HS, keys, HS, T - t0, true);
                }
                if (dv != null) { // dv(keys, HS) += pwᵀ(keys, T)·dO(T, HS)
                    copyColumns(c, pw, 1f, first, T - t0, n, ja, keys);
                    MatmulKernels.tnSimd(dv, row, c, 0, dO, first * HS, keys, HS, T - t0, true);
                }
            }
        }
    }

    /** a[i] = exp(a[i] − shift) over a[off, off + n) (−∞ gives 0); returns their sum. */
    private static float expInPlace(float[] a, int off, int n, float shift) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector e = KernelMath.Vectorized.exp(FloatVector.fromArray(S, a, off + i).sub(shift));
            e.intoArray(a, off + i);
            acc = acc.add(e);
        }
        float sum = Lanes.sum(acc);
        for (; i < n; i++) {
            a[off + i] = (float) Math.exp(a[off + i] - shift);
            sum += a[off + i];
        }
        return sum;
    }

    /** c (rows, keys) = scale · src[first + t][ja + i], src rows n long: the block's columns for these keys. */
    private static void copyColumns(float[] c, float[] src, float scale, int first, int rows, int n, int ja, int keys) {
        for (int t = 0; t < rows; t++) {
            for (int i = 0; i < keys; i++) {
                c[t * keys + i] = scale * src[(first + t) * n + ja + i];
            }
        }
    }
}
