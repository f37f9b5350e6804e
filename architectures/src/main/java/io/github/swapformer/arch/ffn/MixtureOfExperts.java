package io.github.swapformer.arch.ffn;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sparse Mixture-of-Experts feed-forward layer: a linear router with a softmax over E experts,
 * top-k routing with a capacity per expert, and the experts' outputs weighted by their gates —
 * Switch Transformer (Fedus et al. 2021, arXiv 2101.03961) with k = 1, Mixtral (Jiang et al. 2024,
 * arXiv 2401.04088) with k = 2; see {@link MoeSpec} for the choices. A dropped assignment adds
 * nothing, so a token dropped by all its experts passes through the block's residual alone.
 *
 * <p>Each forward pass adds its router losses (Switch load balancing, ST-MoE z-loss) to this layer's
 * {@linkplain #auxiliaryLoss auxiliary loss} for its tape and its routing to the {@linkplain #usage usage}.
 * The losses of several passes on one recording tape add up until a backward pass replays it (gradient
 * accumulation on one tape counts each micro-batch once); an inference tape keeps the latest pass's.
 */
public final class MixtureOfExperts extends Layer implements AuxiliaryLoss {
    private final MoeSpec spec;
    private final Linear router;
    private final List<Layer> experts;
    private ExpertUsage usage;
    private ExpertUsage lastUsage;
    private Tape lossTape; // the tape lossSum was recorded on
    private int lossTapeSize; // the tape's length then: shorter or equal later means it was replayed and cleared
    private Tensor lossSum;

    /** @param spec a spec of kind MOE: the experts take its hidden width, multiple, biases and GELU form */
    public MixtureOfExperts(FfnSpec spec, int dModel) {
        if (spec.kind() != FfnKind.MOE) {
            throw new IllegalArgumentException("MixtureOfExperts needs an ffn spec of kind MOE, got " + spec.kind());
        }
        this.spec = spec.moe();
        this.router = child("router", Linear.withoutBias(dModel, this.spec.experts()));
        FfnSpec expert = spec.expert();
        List<Layer> list = new ArrayList<>();
        for (int e = 0; e < this.spec.experts(); e++) {
            list.add(child("experts." + e, expert.kind().create(expert, dModel)));
        }
        this.experts = Collections.unmodifiableList(list);
        this.usage = ExpertUsage.empty(this.spec.experts(), this.spec.topK());
        this.lastUsage = usage;
    }

    /** x (..., C) → (..., C). */
    @Override
    public Tensor forward(Tape tape, Tensor x) {
        int C = x.dim(-1);
        int N = x.rows();
        Tensor flat = x.reshape(N, C);
        Tensor logits = router.forward(tape, flat); // (N, E)
        Tensor probs = Softmax.softmax(tape, logits);
        RoutingPlan plan = RoutingPlan.of(logits.data(), N, spec.experts(), spec.topK(), spec.capacity(N));
        Tensor gates = ExpertRouting.gates(tape, probs, plan, spec.gating()); // (N, k)
        Tensor[] outputs = new Tensor[spec.experts()];
        for (int e = 0; e < outputs.length; e++) {
            if (plan.rows()[e].length > 0) {
                outputs[e] = experts.get(e).forward(tape, ExpertRouting.gather(tape, flat, plan, e));
            }
        }
        Tensor y = ExpertRouting.combine(tape, outputs, gates, plan, C);
        if (N > 0) {
            collectLosses(tape, logits, probs, plan);
        }
        recordUsage(plan);
        return y.reshape(x.shape());
    }

    private void collectLosses(Tape tape, Tensor logits, Tensor probs, RoutingPlan plan) {
        Tensor aux = null;
        if (spec.balanceCoefficient() > 0) {
            aux = ExpertRouting.balanceLoss(tape, probs, plan, spec.balanceCoefficient());
        }
        if (spec.zLossCoefficient() > 0) {
            aux = AuxiliaryLoss.plus(tape, aux, ExpertRouting.zLoss(tape, logits, spec.zLossCoefficient()));
        }
        if (aux == null) {
            return;
        }
        synchronized (this) {
            if (lossTape != tape || tape.size() <= lossTapeSize) {
                lossTape = tape;
                lossSum = aux;
            } else {
                lossSum = Elementwise.add(tape, lossSum, aux);
            }
            lossTapeSize = tape.size();
        }
    }

    private synchronized void recordUsage(RoutingPlan plan) {
        lastUsage = ExpertUsage.empty(spec.experts(), spec.topK()).plus(plan);
        usage = usage.plus(plan);
    }

    /** The sum of the router losses of this layer's forward passes on {@code tape}, or null if none. */
    @Override
    public synchronized Tensor auxiliaryLoss(Tape tape) {
        return tape == lossTape ? lossSum : null;
    }

    /** Usage summed over every forward pass since construction or the last {@link #resetUsage()}. */
    public synchronized ExpertUsage usage() {
        return usage;
    }

    /** Usage of the latest forward pass alone. */
    public synchronized ExpertUsage lastUsage() {
        return lastUsage;
    }

    public synchronized void resetUsage() {
        usage = ExpertUsage.empty(spec.experts(), spec.topK());
    }

    public MoeSpec spec() {
        return spec;
    }

    public Linear router() {
        return router;
    }

    public List<Layer> experts() {
        return experts;
    }
}
