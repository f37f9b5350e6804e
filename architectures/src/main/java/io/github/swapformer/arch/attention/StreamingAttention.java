package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.Simd;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Streaming attention as one op: out (B, NH, T, HS) = softmax(scale·q·kᵀ + bias + mask)·v (+ the
 * encoding's value term), visiting keys in blocks with an online softmax (FlashAttention, Dao et
 * al. 2022, arXiv 2205.14135). It saves only the row log-sum-exp; the backward recomputes each
 * block's probabilities. Every buffer is O(B·NH·T·(HS + block)): memory linear in T. Rows are split
 * over the pool in the forward pass and the dq pass; dk and dv are split by key, each summing its
 * query rows in a fixed order, so results do not depend on the thread count.
 */
final class StreamingAttention {
    private StreamingAttention() {
    }

    /**
     * @param causal whether query t also never sees keys past S − T + t (no mask array needed);
     *               only with an additive mode, where hidden keys may be skipped
     */
    static Tensor apply(Tape tape, Tensor q, KeyValues kv, Tensor mask, boolean causal, MaskMode mode, float scale,
                        float dropout, long seed, BlockBias bias, int blockSize) {
        PlainAttention.checkShapes(q, kv);
        int B = q.dim(0);
        int NH = q.dim(1);
        int T = q.dim(2);
        int HS = q.dim(3);
        int S = kv.length();
        if (mask != null) {
            MaskedProbabilities.checkMask(B, T, S, mask);
        }
        if (causal && (mode == MaskMode.MULTIPLICATIVE || S < T)) {
            throw new IllegalArgumentException("the causal rule needs S >= T (T " + T + ", S " + S
                    + ") and a mode where hidden keys are skipped (not " + mode + ")");
        }
        StreamGeometry g = new StreamGeometry(B, NH, T, HS, kv, scale, mask == null ? null : mask.data(),
                mode == MaskMode.MULTIPLICATIVE, dropout, seed, causal ? S - T : StreamGeometry.NOT_CAUSAL);
        boolean grad = tape.needsGrad(q, kv.keyTensor(), kv.valueTensor()) || (tape.isRecording() && bias.learned());
        Tensor out = Tensor.zeros(grad, B, NH, T, HS);
        float[] lse = forward(out, q.data(), g, bias, blockSize, tape.pool());
        if (grad) {
            tape.record(() -> backward(out, q, g, lse, bias, blockSize, tape.pool()));
        }
        return out;
    }

    private static float[] forward(Tensor out, float[] q, StreamGeometry g, BlockBias bias, int block, Parallel pool) {
        float[] o = out.data();
        int rows = g.rows();
        float[] m = new float[rows];
        float[] l = new float[rows];
        float[] lse = new float[rows];
        Arrays.fill(m, Float.NEGATIVE_INFINITY);
        for (int j0 = 0; j0 < g.S(); j0 += block) {
            int j1 = Math.min(g.S(), j0 + block);
            float[] b = bias.scores(j0, j1);
            int from = j0;
            pool.forRange(tiles(g), 1, (u0, u1) -> {
                int r0 = StreamingTiles.tileStart(u0, g.T());
                int r1 = StreamingTiles.tileStart(u1, g.T());
                if (Simd.ENABLED) {
                    StreamingKernels.forwardRowsSimd(o, m, l, q, b, g, from, j1, r0, r1);
                } else {
                    StreamingKernels.forwardRowsScalar(o, m, l, q, b, g, from, j1, r0, r1);
                }
            });
        }
        pool.forRange(rows, 16, (r0, r1) -> StreamingKernels.finishRows(o, lse, m, l, g.HS(), r0, r1));
        if (g.S() > 0 && bias.mixes(out)) { // value terms need final probabilities: a second pass
            for (int j0 = 0; j0 < g.S(); j0 += block) {
                int j1 = Math.min(g.S(), j0 + block);
                float[] pw = probabilities(new float[rows * (j1 - j0)], q, bias.scores(j0, j1), lse, g, j0, j1, pool);
                float[] term = bias.mix(pw, j0, j1);
                for (int i = 0; i < o.length; i++) {
                    o[i] += term[i];
                }
            }
        }
        return lse;
    }

    /** Fills p (B, NH, T, n) with exp(z − lse) for keys [j0, j1); returns pw = p·w. */
    private static float[] probabilities(float[] p, float[] q, float[] b, float[] lse, StreamGeometry g, int j0, int j1, Parallel pool) {
        float[] pw = new float[p.length];
        pool.forRange(tiles(g), 1, (u0, u1) -> {
            int r0 = StreamingTiles.tileStart(u0, g.T());
            int r1 = StreamingTiles.tileStart(u1, g.T());
            if (Simd.ENABLED) {
                StreamingKernels.probabilityRowsSimd(p, pw, q, b, lse, g, j0, j1, r0, r1);
            } else {
                StreamingKernels.probabilityRowsScalar(p, pw, q, b, lse, g, j0, j1, r0, r1);
            }
        });
        return pw;
    }

    /**
     * Rows go to threads in whole tiles (and keys in whole chunks), so that every row meets the
     * same products whatever the thread count: results are bitwise the same on 1 or N threads.
     */
    private static int tiles(StreamGeometry g) {
        return g.B() * g.NH() * ((g.T() + StreamingTiles.TILE - 1) / StreamingTiles.TILE);
    }

    private static void backward(Tensor out, Tensor q, StreamGeometry g, float[] lse, BlockBias bias, int block, Parallel pool) {
        int rows = g.rows();
        int HS = g.HS();
        float[] dO = out.grad();
        float[] o = out.data();
        float[] D = new float[rows]; // D = dO·o: Σ_j p·w·(dO·v + dP'), since o includes the value term
        pool.forRange(rows, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                D[r] = (Simd.ENABLED ? RowMath.SIMD : RowMath.SCALAR).dot(dO, r * HS, o, r * HS, HS);
            }
        });
        KeyValues kv = g.kv();
        float[] dq = q.requiresGrad() ? q.grad() : null;
        float[] dk = kv.keysNeedGrad() ? kv.keyTensor().grad() : null;
        float[] dv = kv.valuesNeedGrad() ? kv.valueTensor().grad() : null;
        for (int j0 = 0; j0 < g.S(); j0 += block) {
            int j1 = Math.min(g.S(), j0 + block);
            int n = j1 - j0;
            int from = j0;
            float[] dz = new float[rows * n]; // holds p until gradientRows turns it into dz
            BlockBias.Recomputed b = bias.recompute(j0, j1);
            float[] pw = probabilities(dz, q.data(), b == null ? null : b.data(), lse, g, j0, j1, pool);
            float[] mixGrad = bias.mixes(out) ? bias.mixGrad(pw, dO, j0, j1) : null;
            pool.forRange(tiles(g), 1, (u0, u1) -> {
                int r0 = StreamingTiles.tileStart(u0, g.T());
                int r1 = StreamingTiles.tileStart(u1, g.T());
                if (Simd.ENABLED) {
                    StreamingKernels.gradientRowsSimd(dz, dq, pw, dO, mixGrad, D, g, from, j1, r0, r1);
                } else {
                    StreamingKernels.gradientRowsScalar(dz, dq, pw, dO, mixGrad, D, g, from, j1, r0, r1);
                }
            });
            if (dk != null || dv != null) {
                int chunks = g.B() * kv.heads() * ((n + StreamingTiles.KEY_CHUNK - 1) / StreamingTiles.KEY_CHUNK);
                pool.forRange(chunks, 1, (c0, c1) -> {
                    int u0 = StreamingTiles.chunkStart(c0, n);
                    int u1 = StreamingTiles.chunkStart(c1, n);
                    if (Simd.ENABLED) {
                        StreamingKernels.keyValueGradsSimd(dk, dv, dz, pw, q.data(), dO, g, from, j1, u0, u1);
                    } else {
                        StreamingKernels.keyValueGradsScalar(dk, dv, dz, pw, q.data(), dO, g, from, j1, u0, u1);
                    }
                });
            }
            if (b != null) {
                b.backward(dz);
            }
        }
    }
}
