package io.github.swapformer.positional;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.tensor.Tensor;

/**
 * Ops that add relative-position terms to attention, with their backward passes:
 * a per-head bias table (T5, ALiBi), Shaw's key term q_i·a^K_ij and Shaw's value term
 * Σ_j p_ij·a^V_ij (Shaw et al. 2018, arXiv 1803.02155, eqs. 3–4).
 */
public final class RelativeOps {
    private RelativeOps() {
    }

    /**
     * scores (B, NH, T, S) + table[bucket(j − i), h], with table (R, NH) as Hugging Face stores
     * T5's {@code relative_attention_bias}; layout indices are bucket·NH.
     */
    public static Tensor addHeadBias(Tape tape, Tensor scores, Tensor table, RelativeLayout layout) {
        int NH = checkScores("addHeadBias", scores, layout);
        if (table.rank() != 2 || table.dim(1) != NH) {
            throw new IllegalArgumentException("addHeadBias: table " + table.shapeString() + " must be (buckets, " + NH + ")");
        }
        Tensor out = tape.output(scores.shape(), scores, table);
        RelativeKernels.gather(out.data(), scores.data(), table.data(), 0, 1, 1f, layout, NH, tape.pool());
        if (tape.needsGrad(scores, table)) {
            tape.record(() -> {
                addInto(scores, out.grad());
                if (table.requiresGrad()) {
                    RelativeKernels.scatter(table.grad(), out.grad(), 0, 1, 1f, layout, NH, tape.pool());
                }
            });
        }
        return out;
    }

    /**
     * Shaw's key term: scores (B, NH, T, S) + scale·q_(b,h,i)·aK[bucket(j − i)], q (B, NH, T, HS),
     * aK (R, HS) shared by all heads; layout indices are plain buckets.
     */
    public static Tensor addQueryKeyTerm(Tape tape, Tensor scores, Tensor q, Tensor aK, RelativeLayout layout, float scale) {
        int NH = checkScores("addQueryKeyTerm", scores, layout);
        int R = aK.dim(0);
        int HS = aK.dim(1);
        int M = layout.B() * NH * layout.T();
        if (q.rank() != 4 || q.size() != M * HS || q.dim(1) != NH || q.dim(3) != HS) {
            throw new IllegalArgumentException("addQueryKeyTerm: q " + q.shapeString() + " does not fit scores "
                    + scores.shapeString() + " and aK " + aK.shapeString());
        }
        float[] qa = new float[M * R]; // (B·NH·T, R): every query against every relative embedding
        MatmulKernels.nt(qa, 0, q.data(), 0, aK.data(), 0, M, R, HS, false, tape.pool());
        Tensor out = tape.output(scores.shape(), scores, q, aK);
        RelativeKernels.gather(out.data(), scores.data(), qa, R, 0, scale, layout, NH, tape.pool());
        if (tape.needsGrad(scores, q, aK)) {
            tape.record(() -> {
                addInto(scores, out.grad());
                float[] dqa = new float[M * R];
                RelativeKernels.scatter(dqa, out.grad(), R, 0, scale, layout, NH, tape.pool());
                if (q.requiresGrad()) { // dq(M,HS) += dqa(M,R)·aK(R,HS)
                    MatmulKernels.nn(q.grad(), 0, dqa, 0, aK.data(), 0, M, HS, R, true, tape.pool());
                }
                if (aK.requiresGrad()) { // daK(R,HS) += dqa(M,R)ᵀ·q(M,HS)
                    MatmulKernels.tn(aK.grad(), 0, dqa, 0, q.data(), 0, R, HS, M, true, tape.pool());
                }
            });
        }
        return out;
    }

    /**
     * Shaw's value term: out (B, NH, T, HS) + Σ_j probs_(b,h,i,j)·aV[bucket(j − i)], probs
     * (B, NH, T, S), aV (R, HS); layout indices are plain buckets.
     */
    public static Tensor addValueTerm(Tape tape, Tensor out, Tensor probs, Tensor aV, RelativeLayout layout) {
        int NH = checkScores("addValueTerm", probs, layout);
        int R = aV.dim(0);
        int HS = aV.dim(1);
        int M = layout.B() * NH * layout.T();
        if (out.size() != M * HS || out.dim(-1) != HS) {
            throw new IllegalArgumentException("addValueTerm: out " + out.shapeString() + " does not fit probs "
                    + probs.shapeString() + " and aV " + aV.shapeString());
        }
        float[] pr = new float[M * R]; // (B·NH·T, R): probability mass per relative bucket
        RelativeKernels.scatter(pr, probs.data(), R, 0, 1f, layout, NH, tape.pool());
        Tensor y = tape.output(out.shape(), out, probs, aV);
        System.arraycopy(out.data(), 0, y.data(), 0, out.size());
        MatmulKernels.nn(y.data(), 0, pr, 0, aV.data(), 0, M, HS, R, true, tape.pool());
        if (tape.needsGrad(out, probs, aV)) {
            tape.record(() -> {
                addInto(out, y.grad());
                if (probs.requiresGrad()) { // dpr(M,R) = dy(M,HS)·aV(R,HS)ᵀ, then gathered back to (i, j)
                    float[] dpr = new float[M * R];
                    MatmulKernels.nt(dpr, 0, y.grad(), 0, aV.data(), 0, M, R, HS, false, tape.pool());
                    RelativeKernels.gather(probs.grad(), probs.grad(), dpr, R, 0, 1f, layout, NH, tape.pool());
                }
                if (aV.requiresGrad()) { // daV(R,HS) += pr(M,R)ᵀ·dy(M,HS)
                    MatmulKernels.tn(aV.grad(), 0, pr, 0, y.grad(), 0, R, HS, M, true, tape.pool());
                }
            });
        }
        return y;
    }

    private static int checkScores(String op, Tensor scores, RelativeLayout L) {
        if (scores.rank() != 4 || scores.dim(0) != L.B() || scores.dim(2) != L.T() || scores.dim(3) != L.S()) {
            throw new IllegalArgumentException(op + ": scores " + scores.shapeString() + " must be (B, NH, T, S) = ("
                    + L.B() + ", NH, " + L.T() + ", " + L.S() + ")");
        }
        return scores.dim(1);
    }

    private static void addInto(Tensor x, float[] dy) {
        if (x.requiresGrad()) {
            float[] g = x.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] += dy[i];
            }
        }
    }
}
