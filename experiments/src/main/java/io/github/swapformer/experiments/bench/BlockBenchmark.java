package io.github.swapformer.experiments.bench;

import io.github.swapformer.arch.attention.AttentionContext;
import io.github.swapformer.arch.attention.Masks;
import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Reductions;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One transformer block (causal self-attention with RoPE, then the feed-forward network) at
 * d = 256, T = 256, batch 1, 4 heads, for every FFN kind and norm placement: forward alone, and
 * forward + backward. The {@code tokens} counter is reported per second, i.e. tokens/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BlockBenchmark {
    static final int D = 256;
    static final int T = 256;
    static final int HEADS = 4;

    @Param({"MLP_RELU", "MLP_GELU", "GLU", "REGLU", "GEGLU", "SWIGLU", "MOE"})
    public FfnKind ffn;

    @Param({"POST", "PRE", "SANDWICH"})
    public NormPlacement placement;

    @Param({"1"})
    public int threads;

    private Parallel pool;
    private Block block;
    private AttentionContext context;
    private Tensor x;

    /** Tokens processed, reported by JMH as a rate (tokens per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Tokens {
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            tokens = 0;
        }
    }

    @Setup
    public void setUp() {
        pool = Parallel.of(threads);
        AttentionShape shape = AttentionShape.multiHead(D, HEADS, T, true);
        BlockSpec spec = new BlockSpec(placement, NormKind.LAYER_NORM, 1e-5, FfnSpec.of(ffn), true, 0.0, 0.0,
                ResidualScaling.NONE);
        block = new Block(shape, spec, 1, false, true);
        Rng rng = new Rng(1);
        for (Parameter p : block.parameters()) {
            if (p.tensor().rank() == 2) {
                Init.normal(p.tensor(), 0.02, rng);
            }
        }
        PositionalEncoding rope = PositionalKind.ROPE.build(shape, 1);
        context = new AttentionContext(rope, Positions.first(T), Masks.causal(1, T, T));
        x = Tensor.zerosWithGrad(1, T, D);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public Tensor forward(Tokens counter) {
        Tensor y = block.forward(Tape.inference(pool), x, context, null);
        counter.tokens += T;
        return y;
    }

    @Benchmark
    public Tensor forwardBackward(Tokens counter) {
        block.zeroGrad();
        Tape tape = Tape.recording(pool);
        Tensor loss = Reductions.sum(tape, block.forward(tape, x, context, null));
        tape.backward(loss);
        counter.tokens += T;
        return loss;
    }
}
