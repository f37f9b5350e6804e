package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One attention layer with random weights and an encoding of a given kind, for the tests of this package. */
final class AttentionFixture {
    final AttentionShape shape;
    final Attention attention;
    final PositionalEncoding encoding;

    AttentionFixture(PositionalKind kind, int nHeads, int nKvHeads, int headDim, boolean causal, long seed) {
        this.shape = new AttentionShape(nHeads * headDim, nHeads, nKvHeads, headDim, 64, causal);
        this.attention = new Attention(shape, true, true, 0.0);
        this.encoding = kind.build(shape, seed);
        Rng rng = new Rng(seed);
        for (Parameter p : attention.parameters()) {
            Init.normal(p.tensor(), 0.4, rng);
        }
    }

    static AttentionFixture causal(PositionalKind kind) {
        return new AttentionFixture(kind, 4, 2, headDim(kind), true, 7);
    }

    /** 3 (odd) where the encoding allows it; rotary encodings rotate pairs and need an even head size. */
    static int headDim(PositionalKind kind) {
        return kind == PositionalKind.ROPE || kind == PositionalKind.XPOS ? 4 : 3;
    }

    /** Every tensor that should receive a gradient: the layer's and the encoding's parameters. */
    List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : attention.parameters()) {
            out.add(p.tensor());
        }
        encoding.learned().ifPresent(m -> m.parameters().forEach(p -> out.add(p.tensor())));
        return out;
    }

    void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    AttentionContext context(int batch, int length, Tensor mask) {
        return new AttentionContext(encoding, Positions.first(length), mask);
    }

    /** Self-attention output on an inference tape. */
    Tensor infer(Tensor x, Tensor mask, AttentionSpec spec) {
        attention.use(spec);
        try (Parallel pool = Parallel.serial()) {
            return attention.forward(Tape.inference(pool), x, context(x.dim(0), x.dim(1), mask), null);
        }
    }

    static Tensor randomInput(long seed, int... shape) {
        Random random = new Random(seed);
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = random.nextFloat() * 2f - 1f;
        }
        return t;
    }

    static AttentionSpec plain() {
        return AttentionSpec.defaults().withKernel(AttentionKernel.PLAIN);
    }

    static AttentionSpec streaming(int block) {
        return AttentionSpec.defaults().withKernel(AttentionKernel.STREAMING).withBlockSize(block);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths " + a.length + " and " + b.length + " differ");
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
