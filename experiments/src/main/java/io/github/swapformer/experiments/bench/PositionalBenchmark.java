package io.github.swapformer.experiments.bench;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.AttentionShape;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The cost of a positional encoding on one causal attention layer (batch 1, 8 heads, head size
 * 64), forward and backward, beside the attention itself (q·kᵀ, masked softmax, ·v) for scale:
 * {@code encoding} runs every hook of the encoding on standalone inputs, {@code attention} the
 * plain attention, {@code attentionWithEncoding} the attention with the hooks in place (the
 * difference to {@code attention} is what the encoding adds). Queries are pre-scaled by 1/√HS.
 *
 * <p>Run with the Vector API module on the host JVM (the forks inherit its flags), e.g.
 * {@code java --add-modules=jdk.incubator.vector -jar experiments/target/benchmarks.jar
 * PositionalBenchmark -f 1 -wi 2 -i 3 -rf json}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PositionalBenchmark {
    static final int HEADS = 8;
    static final int HEAD_SIZE = 64;

    /** The inputs of one attention layer at a given length. */
    @State(Scope.Benchmark)
    public static class Layer {
        @Param({"128", "512", "1024", "2048", "4096"})
        public int length;

        Parallel pool;
        Positions positions;
        Tensor x;      // (1, T, C)
        Tensor q;      // (1, NH, T, HS), pre-scaled by 1/√HS
        Tensor k;      // (1, NH, T, HS)
        Tensor v;      // (1, NH, T, HS)
        Tensor scores; // (1, NH, T, T)
        Tensor probs;  // (1, NH, T, T)
        Tensor out;    // (1, NH, T, HS)
        Tensor mask;   // (T, T): 0 on and below the diagonal, −∞ above
        float[] headSeed;

        @Setup(Level.Trial)
        public void setUp() {
            pool = Parallel.ofAvailableProcessors();
            positions = Positions.first(length);
            Random random = new Random(1);
            x = leaf(random, 1, length, HEADS * HEAD_SIZE);
            q = leaf(random, 1, HEADS, length, HEAD_SIZE);
            float scale = (float) (1 / Math.sqrt(HEAD_SIZE));
            for (int i = 0; i < q.size(); i++) {
                q.data()[i] *= scale;
            }
            k = leaf(random, 1, HEADS, length, HEAD_SIZE);
            v = leaf(random, 1, HEADS, length, HEAD_SIZE);
            scores = leaf(random, 1, HEADS, length, length);
            probs = leaf(random, 1, HEADS, length, length);
            out = leaf(random, 1, HEADS, length, HEAD_SIZE);
            mask = Tensor.zeros(length, length);
            for (int i = 0; i < length; i++) {
                for (int j = i + 1; j < length; j++) {
                    mask.data()[i * length + j] = Float.NEGATIVE_INFINITY;
                }
            }
            headSeed = new float[q.size()];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
        }

        private static Tensor leaf(Random random, int... shape) {
            Tensor t = Tensor.zerosWithGrad(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = random.nextFloat() * 2 - 1;
            }
            return t;
        }
    }

    /** The encoding under test, built for the layer's length as its training length. */
    @State(Scope.Benchmark)
    public static class Encoding {
        @Param
        public PositionalKind kind;

        PositionalEncoding encoding;

        @Setup(Level.Trial)
        public void setUp(Layer layer) {
            AttentionShape shape = new AttentionShape(HEADS * HEAD_SIZE, HEADS, HEADS, HEAD_SIZE, layer.length, true);
            encoding = kind.build(shape, 42);
        }
    }

    /**
     * Every hook of the encoding, forward and backward. The backward seed is zero (the kernels do
     * the same work on any values) so that gradients never grow across invocations.
     */
    @Benchmark
    public float encoding(Layer l, Encoding e) {
        Tape tape = Tape.recording(l.pool);
        PositionalEncoding enc = e.encoding;
        Tensor x = enc.embed(tape, l.x, l.positions);
        Tensor q = enc.rotateQueries(tape, l.q, l.positions);
        Tensor k = enc.rotateKeys(tape, l.k, l.positions);
        Tensor s = enc.biasScores(tape, l.scores, q, l.positions, l.positions);
        Tensor o = enc.mixValues(tape, l.out, l.probs, l.positions, l.positions);
        tape.backward(q, l.headSeed);
        return x.data()[0] + k.data()[1] + s.data()[2] + o.data()[3];
    }

    /** Plain causal attention, forward and backward: the scale the encodings are measured against. */
    @Benchmark
    public float attention(Layer l) {
        Tape tape = Tape.recording(l.pool);
        Tensor s = Matmul.matmulTransposed(tape, l.q, l.k);
        Tensor p = Softmax.softmax(tape, s, l.mask);
        Tensor o = Matmul.matmul(tape, p, l.v);
        tape.backward(o, l.headSeed);
        return o.data()[0];
    }

    /** Causal attention with every hook of the encoding in place, forward and backward. */
    @Benchmark
    public float attentionWithEncoding(Layer l, Encoding e) {
        Tape tape = Tape.recording(l.pool);
        PositionalEncoding enc = e.encoding;
        Tensor x = enc.embed(tape, l.x, l.positions);
        Tensor q = enc.rotateQueries(tape, l.q, l.positions);
        Tensor k = enc.rotateKeys(tape, l.k, l.positions);
        Tensor s = enc.biasScores(tape, Matmul.matmulTransposed(tape, q, k), q, l.positions, l.positions);
        Tensor p = Softmax.softmax(tape, s, l.mask);
        Tensor o = enc.mixValues(tape, Matmul.matmul(tape, p, l.v), p, l.positions, l.positions);
        tape.backward(o, l.headSeed);
        return o.data()[0] + x.data()[0];
    }
}
