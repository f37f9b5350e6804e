package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The differentiable ops of Mixture-of-Experts routing, each a forward kernel and its backward
 * (see {@link MoeKernels}) over a {@link RoutingPlan}: the gates of the selected experts, the
 * per-expert token batches, the weighted combination of the experts' outputs, and the router's
 * load-balancing and z losses. Gradients reach the router through the selected experts'
 * probabilities (gates) and through the losses; the discrete choice itself has none.
 */
public final class ExpertRouting {
    private ExpertRouting() {
    }

    /** Gates (N, k) from router probabilities (N, E): the selected probabilities, renormalized or not. */
    public static Tensor gates(Tape tape, Tensor probs, RoutingPlan plan, MoeSpec.Gating gating) {
        int N = plan.tokens();
        int E = plan.experts();
        int k = plan.topK();
        requireShape("gates: probabilities", probs, N, E);
        boolean renormalize = gating == MoeSpec.Gating.RENORMALIZED;
        Tensor g = tape.output(new int[] {N, k}, probs);
        MoeKernels.gatesForward(g.data(), probs.data(), plan.choice(), renormalize, N, E, k);
        if (tape.needsGrad(probs)) {
            tape.record(() -> MoeKernels.gatesBackward(probs.grad(), g.grad(), g.data(), probs.data(), plan.choice(),
                    renormalize, N, E, k));
        }
        return g;
    }

    /** The rows of x (N, C) that expert {@code e} processes, as a batch (n_e, C). */
    public static Tensor gather(Tape tape, Tensor x, RoutingPlan plan, int e) {
        int C = x.dim(-1);
        requireShape("gather: input", x, plan.tokens(), C);
        int[] rows = plan.rows()[e];
        Tensor out = tape.output(new int[] {rows.length, C}, x);
        MoeKernels.gatherForward(out.data(), x.data(), rows, rows.length, C, tape.pool());
        if (tape.needsGrad(x)) {
            tape.record(() -> MoeKernels.gatherBackward(x.grad(), out.grad(), rows, rows.length, C, tape.pool()));
        }
        return out;
    }

    /**
     * out (N, C) = Σ over each token's kept assignments of gate · expert output. {@code outputs[e]}
     * is expert e's output (n_e, C), or null for an expert with no tokens; dropped assignments add nothing.
     */
    public static Tensor combine(Tape tape, Tensor[] outputs, Tensor gates, RoutingPlan plan, int C) {
        int N = plan.tokens();
        int k = plan.topK();
        requireShape("combine: gates", gates, N, k);
        if (outputs.length != plan.experts()) {
            throw new IllegalArgumentException("combine: " + outputs.length + " expert outputs for " + plan.experts() + " experts");
        }
        float[][] y = new float[outputs.length][];
        List<Tensor> inputs = new ArrayList<>(List.of(gates));
        for (int e = 0; e < outputs.length; e++) {
            int rows = plan.rows()[e].length;
            if (rows > 0) {
                requireShape("combine: output of expert " + e, outputs[e], rows, C);
                y[e] = outputs[e].data();
                inputs.add(outputs[e]);
            }
        }
        Tensor[] in = inputs.toArray(new Tensor[0]);
        Tensor out = tape.output(new int[] {N, C}, in);
        MoeKernels.combineForward(out.data(), y, gates.data(), plan.choice(), plan.position(), N, k, C, tape.pool());
        if (tape.needsGrad(in)) {
            tape.record(() -> {
                float[][] dy = new float[outputs.length][];
                for (int e = 0; e < outputs.length; e++) {
                    dy[e] = y[e] != null && outputs[e].requiresGrad() ? outputs[e].grad() : null;
                }
                MoeKernels.combineBackward(dy, gates.requiresGrad() ? gates.grad() : null, out.grad(), y, gates.data(),
                        plan.choice(), plan.position(), N, k, C, tape.pool());
            });
        }
        return out;
    }

    /**
     * The Switch load-balancing loss α·E·Σᵢ fᵢ·Pᵢ (Fedus et al. 2021, eq. 4–6), rank 0. fᵢ is the
     * fraction of the N·k choices that picked expert i (before capacity), so uniform routing gives α
     * for every k; Hugging Face's Mixtral code sums fᵢ over the k choices instead, which is k times this.
     */
    public static Tensor balanceLoss(Tape tape, Tensor probs, RoutingPlan plan, double alpha) {
        int N = plan.tokens();
        int E = plan.experts();
        requireShape("balanceLoss: probabilities", probs, N, E);
        double[] fraction = new double[E];
        for (int e = 0; e < E; e++) {
            fraction[e] = (double) plan.chosen(e) / ((long) N * plan.topK());
        }
        Tensor loss = tape.output(new int[0], probs);
        loss.data()[0] = MoeKernels.balanceForward(probs.data(), fraction, alpha, N, E);
        if (tape.needsGrad(probs)) {
            tape.record(() -> MoeKernels.balanceBackward(probs.grad(), loss.grad()[0], fraction, alpha, N, E));
        }
        return loss;
    }

    /** The router z-loss coefficient·mean over tokens of (log Σ exp z)² (Zoph et al. 2022, eq. 5), rank 0. */
    public static Tensor zLoss(Tape tape, Tensor logits, double coefficient) {
        int E = logits.dim(-1);
        int N = logits.rows();
        if (N == 0) {
            throw new IllegalArgumentException("zLoss: logits " + logits.shapeString() + " hold no tokens; at least one is needed");
        }
        float[] lse = new float[N];
        Tensor loss = tape.output(new int[0], logits);
        loss.data()[0] = MoeKernels.zLossForward(lse, logits.data(), coefficient, N, E);
        if (tape.needsGrad(logits)) {
            tape.record(() -> MoeKernels.zLossBackward(logits.grad(), loss.grad()[0], lse, logits.data(), coefficient, N, E));
        }
        return loss;
    }

    private static void requireShape(String what, Tensor t, int rows, int cols) {
        if (t == null || t.rank() != 2 || t.dim(0) != rows || t.dim(1) != cols) {
            throw new IllegalArgumentException(what + " has shape " + (t == null ? "null" : t.shapeString())
                    + ", expected [" + rows + ", " + cols + "]");
        }
    }
}
