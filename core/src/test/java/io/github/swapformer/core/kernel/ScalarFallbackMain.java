package io.github.swapformer.core.kernel;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.ops.Dropout;
import io.github.swapformer.core.ops.Elementwise;
import io.github.swapformer.core.ops.Embeddings;
import io.github.swapformer.core.ops.Layout;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.ops.Norms;
import io.github.swapformer.core.ops.Reductions;
import io.github.swapformer.core.ops.Shapes;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Three AdamW steps of a toy model that runs every op family of core (embedding, both norms,
 * linear and batched products, head layout, softmax and log-softmax, every activation, dropout,
 * elementwise ops, concat/split, sum and mean, cross-entropy), for {@link ScalarFallbackTest}'s
 * child JVMs. Prints one line: {@code module=<bool> simd=<bool> losses=<l1,l2,l3> params=<hash>}.
 * Feature sizes 36, 73 and 19 make a SIMD run go through both vector bodies and scalar tails.
 */
public final class ScalarFallbackMain {
    private static final int B = 2, T = 5, C = 36, HEADS = 4, V = 19, STEPS = 3;

    private ScalarFallbackMain() {
    }

    public static void main(String[] args) {
        Rng rng = new Rng(20261123L);
        List<Parameter> params = new ArrayList<>();
        Tensor table = param(params, "table", rng, ParamKind.EMBEDDING, V, C);
        Tensor lnWeight = param(params, "ln.weight", rng, ParamKind.NORM, C);
        Tensor lnBias = param(params, "ln.bias", rng, ParamKind.NORM, C);
        Tensor qkv = param(params, "qkv.weight", rng, ParamKind.MATRIX, C, C);
        Tensor qkvBias = param(params, "qkv.bias", rng, ParamKind.BIAS, C);
        Tensor rmsWeight = param(params, "rms.weight", rng, ParamKind.NORM, 2 * C + 1);
        Tensor head = param(params, "head.weight", rng, ParamKind.MATRIX, V, 2 * C + 1);
        int[] ids = new int[B * T];
        int[] targets = new int[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(V);
            targets[i] = rng.nextInt(V);
        }
        StringBuilder losses = new StringBuilder();
        try (Parallel pool = Parallel.of(2)) {
            AdamW optimizer = new AdamW(params, AdamWConfig.defaults().withWeightDecay(0.1), pool);
            for (int step = 0; step < STEPS; step++) {
                params.forEach(p -> p.tensor().zeroGrad());
                Tape tape = Tape.recording(pool);
                Tensor loss = loss(tape, table, lnWeight, lnBias, qkv, qkvBias, rmsWeight, head, ids, targets, step);
                tape.backward(loss);
                optimizer.step(1e-2);
                losses.append(step == 0 ? "" : ",").append(loss.item());
            }
        }
        System.out.println("module=" + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                + " simd=" + Simd.ENABLED + " losses=" + losses + " params=" + Integer.toHexString(hash(params)));
    }

    private static Tensor loss(Tape tape, Tensor table, Tensor lnWeight, Tensor lnBias, Tensor qkv, Tensor qkvBias,
                               Tensor rmsWeight, Tensor head, int[] ids, int[] targets, int step) {
        Tensor x = Embeddings.lookup(tape, table, ids, B, T);                          // (B, T, C)
        Tensor h = Norms.layerNorm(tape, x, lnWeight, lnBias, 1e-5f);
        Tensor q = Layout.splitHeads(tape, Matmul.linear(tape, h, qkv, qkvBias), HEADS); // (B, NH, T, HS)
        Tensor att = Softmax.softmax(tape, Elementwise.scale(tape, Matmul.matmulTransposed(tape, q, q), 0.3f));
        Tensor mixed = Layout.mergeHeads(tape, Matmul.matmul(tape, att, q));           // (B, T, C)
        Tensor act = Elementwise.add(tape,
                Elementwise.multiply(tape, Activations.gelu(tape, mixed), Activations.sigmoid(tape, h)),
                Elementwise.add(tape, Activations.geluTanh(tape, mixed),
                        Elementwise.add(tape, Activations.silu(tape, h), Activations.relu(tape, x))));
        Tensor dropped = Dropout.apply(tape, act, 0.25f, 7L + step);
        Tensor biased = Elementwise.addBias(tape, dropped, lnBias);
        List<Tensor> parts = Shapes.split(tape, q, 1, C / HEADS - 1);                  // (B, NH, T, 1 | HS − 1)
        Tensor firstLane = Shapes.split(tape, Layout.mergeHeads(tape, parts.get(0)), 1, HEADS - 1).get(0); // (B, T, 1)
        Tensor wide = Shapes.concat(tape, biased, x, firstLane);                         // (B, T, 2C + 1)
        Tensor logits = Matmul.linear(tape, Norms.rmsNorm(tape, wide, rmsWeight, 1e-6f), head, null);
        Tensor extra = Reductions.mean(tape, Softmax.logSoftmax(tape, logits));
        Tensor ce = Losses.crossEntropy(tape, logits, targets);
        return Elementwise.add(tape, ce, Elementwise.scale(tape, Elementwise.add(tape, extra,
                Elementwise.scale(tape, Reductions.sum(tape, att), 1e-3f)), -0.01f));
    }

    private static Tensor param(List<Parameter> params, String name, Rng rng, ParamKind kind, int... shape) {
        Tensor t = Tensor.zerosWithGrad(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = kind == ParamKind.NORM ? 1f + 0.1f * (float) rng.nextGaussian() : 0.3f * (float) rng.nextGaussian();
        }
        params.add(new Parameter(name, t, kind));
        return t;
    }

    private static int hash(List<Parameter> params) {
        int h = 1;
        for (Parameter p : params) {
            for (float v : p.tensor().data()) {
                h = 31 * h + Float.floatToIntBits(v);
            }
        }
        return h;
    }
}
