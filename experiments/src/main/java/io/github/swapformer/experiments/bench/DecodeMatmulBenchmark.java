package io.github.swapformer.experiments.bench;

import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.parallel.Parallel;
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
 * The products of a decoding step: {@code rows} tokens (one per sequence) times a weight (N, K),
 * y = x·Wᵀ, as dot products along W's rows ({@link MatmulKernels#nt}) and on W packed in column
 * panels ({@link MatmulKernels#ntPanels}, what a decoding tape uses). Sizes are the TinyStories-15M
 * shape's attention (288×288), feed-forward (768×288) and tied head (32000×288). Several copies of
 * W are cycled so that, as in a real step, W comes from memory rather than cache; bytes per second
 * is N·K·4 divided by the average time. Run with {@code java -jar experiments/target/benchmarks.jar
 * DecodeMatmulBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeMatmulBenchmark {
    /** Bytes of weights cycled through, more than the last-level cache. */
    private static final long CYCLED_BYTES = 256L << 20;

    @Param({"288x288", "768x288", "32000x288"})
    public String weight;

    @Param({"1", "8"})
    public int rows;

    @Param({"1", "2"})
    public int threads;

    private int n;
    private int k;
    private float[] x;
    private float[] out;
    private float[][] weights;
    private float[][] panels;
    private int next;
    private Parallel pool;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = weight.split("x");
        if (dims.length != 2) {
            throw new IllegalArgumentException("weight " + weight + " is not NxK");
        }
        n = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        Random random = new Random(42);
        x = random(random, rows * k);
        out = new float[rows * n];
        pool = Parallel.of(threads);
        int copies = (int) Math.max(1, CYCLED_BYTES / (4L * n * k));
        weights = new float[copies][];
        panels = new float[copies][];
        for (int c = 0; c < copies; c++) {
            weights[c] = random(random, n * k);
            panels[c] = MatmulKernels.packPanels(weights[c], 0, n, k, pool);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float[] dotProducts() {
        MatmulKernels.nt(out, 0, x, 0, weights[advance()], 0, rows, n, k, false, pool);
        return out;
    }

    @Benchmark
    public float[] panels() {
        MatmulKernels.ntPanels(out, 0, x, 0, panels[advance()], rows, n, k, false, pool);
        return out;
    }

    private int advance() {
        next = next + 1 == weights.length ? 0 : next + 1;
        return next;
    }

    private static float[] random(Random random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextFloat() * 2f - 1f;
        }
        return v;
    }
}
