package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;

/**
 * The two products of the plain kernel, read straight from {@link KeyValues} with per-head
 * offsets: scores = q·kᵀ and out = probs·v, where query head h reads key/value head h / (NH/NKV)
 * (grouped-query attention, Ainslie et al. 2023, arXiv 2305.13245) without copying k and v per
 * query head, and a cache's first S rows are read in place. Backward sums each group's gradients
 * in head order (deterministic).
 */
final class PlainAttention {
    private static final Parallel SERIAL = Parallel.serial();

    private PlainAttention() {
    }

    /** A body run for head units [from, to) with the pool the products inside it may use. */
    private interface HeadBody {
        void run(int from, int to, Parallel inner);
    }

    /**
     * Few queries (decoding): heads in parallel, each product on one thread. Many queries: heads
     * in order, each product split over the pool. Either way every element has one fixed order.
     */
    private static void perHead(Parallel pool, int units, int rows, HeadBody body) {
        if (rows < 4 * pool.threads()) {
            pool.forRange(units, 1, (from, to) -> body.run(from, to, SERIAL));
        } else {
            body.run(0, units, pool);
        }
    }

    /** scores (B, NH, T, S) = q (B, NH, T, HS) · kᵀ. */
    static Tensor scores(Tape tape, Tensor q, KeyValues kv) {
        int B = q.dim(0);
        int NH = q.dim(1);
        int T = q.dim(2);
        int HS = q.dim(3);
        int S = kv.length();
        int groups = checkShapes(q, kv);
        Tensor out = tape.output(new int[] {B, NH, T, S}, q, kv.keyTensor());
        perHead(tape.pool(), B * NH, T, (from, to, inner) -> {
            for (int bh = from; bh < to; bh++) {
                int kb = kv.base(bh / NH, (bh % NH) / groups);
                MatmulKernels.nt(out.data(), bh * T * S, q.data(), bh * T * HS, kv.keys(), kb, T, S, HS, false, inner);
            }
        });
        if (tape.needsGrad(q, kv.keyTensor())) {
            tape.record(() -> {
                float[] dS = out.grad();
                if (q.requiresGrad()) { // dq(T,HS) += dS(T,S)·k(S,HS)
                    perHead(tape.pool(), B * NH, T, (from, to, inner) -> {
                        for (int bh = from; bh < to; bh++) {
                            int kb = kv.base(bh / NH, (bh % NH) / groups);
                            MatmulKernels.nn(q.grad(), bh * T * HS, dS, bh * T * S, kv.keys(), kb, T, HS, S, true, inner);
                        }
                    });
                }
                if (kv.keysNeedGrad()) { // dk(S,HS) += Σ_h dS(T,S)ᵀ·q(T,HS)
                    perHead(tape.pool(), B * kv.heads(), S, (from, to, inner) -> {
                        for (int u = from; u < to; u++) {
                            int b = u / kv.heads();
                            for (int h = (u % kv.heads()) * groups, e = h + groups; h < e; h++) {
                                int bh = b * NH + h;
                                MatmulKernels.tn(kv.keyTensor().grad(), kv.base(b, u % kv.heads()), dS, bh * T * S,
                                        q.data(), bh * T * HS, S, HS, T, true, inner);
                            }
                        }
                    });
                }
            });
        }
        return out;
    }

    /** out (B, NH, T, HS) = probs (B, NH, T, S) · v. */
    static Tensor mix(Tape tape, Tensor probs, KeyValues kv) {
        int B = probs.dim(0);
        int NH = probs.dim(1);
        int T = probs.dim(2);
        int S = probs.dim(3);
        int HS = kv.headDim();
        int groups = NH / kv.heads();
        if (S != kv.length()) {
            throw new IllegalArgumentException("probs " + probs.shapeString() + " do not match " + kv.length() + " keys");
        }
        Tensor out = tape.output(new int[] {B, NH, T, HS}, probs, kv.valueTensor());
        perHead(tape.pool(), B * NH, T, (from, to, inner) -> {
            for (int bh = from; bh < to; bh++) {
                int vb = kv.base(bh / NH, (bh % NH) / groups);
                MatmulKernels.nn(out.data(), bh * T * HS, probs.data(), bh * T * S, kv.values(), vb, T, HS, S, false, inner);
            }
        });
        if (tape.needsGrad(probs, kv.valueTensor())) {
            tape.record(() -> {
                float[] dO = out.grad();
                if (probs.requiresGrad()) { // dP(T,S) += dO(T,HS)·v(S,HS)ᵀ
                    perHead(tape.pool(), B * NH, T, (from, to, inner) -> {
                        for (int bh = from; bh < to; bh++) {
                            int vb = kv.base(bh / NH, (bh % NH) / groups);
                            MatmulKernels.nt(probs.grad(), bh * T * S, dO, bh * T * HS, kv.values(), vb, T, S, HS, true, inner);
                        }
                    });
                }
                if (kv.valuesNeedGrad()) { // dv(S,HS) += Σ_h P(T,S)ᵀ·dO(T,HS)
                    perHead(tape.pool(), B * kv.heads(), S, (from, to, inner) -> {
                        for (int u = from; u < to; u++) {
                            int b = u / kv.heads();
                            for (int h = (u % kv.heads()) * groups, e = h + groups; h < e; h++) {
                                int bh = b * NH + h;
                                MatmulKernels.tn(kv.valueTensor().grad(), kv.base(b, u % kv.heads()), probs.data(), bh * T * S,
                                        dO, bh * T * HS, S, HS, T, true, inner);
                            }
                        }
                    });
                }
            });
        }
        return out;
    }

    /** The number of query heads per key/value head, after checking q against kv. */
    static int checkShapes(Tensor q, KeyValues kv) {
        if (q.rank() != 4 || q.dim(0) != kv.batch() || q.dim(3) != kv.headDim() || q.dim(1) % kv.heads() != 0) {
            throw new IllegalArgumentException("queries " + q.shapeString() + " do not fit keys (B, NKV, S, HS) = ("
                    + kv.batch() + ", " + kv.heads() + ", " + kv.length() + ", " + kv.headDim() + ")");
        }
        return q.dim(1) / kv.heads();
    }
}
