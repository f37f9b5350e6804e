package io.github.swapformer.experiments.bench;

import io.github.swapformer.core.kernel.MatmulKernels;
import io.github.swapformer.core.parallel.Parallel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
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
 * Our {@link MatmulKernels} against OpenBLAS's {@code cblas_sgemm} (through JavaCPP, benchmark
 * only) on the same shapes, layouts and thread counts. {@code size} is either n (square n×n·n×n)
 * or {@code MxKxN}, e.g. GPT-2 small's QKV and MLP projections over 512 tokens. GFLOP/s is
 * 2·M·N·K divided by the average time. Run with {@code java -jar experiments/target/benchmarks.jar
 * MatmulBenchmark}: the launcher passes the Vector API flag to the forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class MatmulBenchmark {
    @Param({"64", "256", "512", "1024", "512x768x2304", "512x768x3072"})
    public String size;

    @Param({"1", "2"})
    public int threads;

    /** nn = A·B, nt = A·Bᵀ, tn = Aᵀ·B. */
    @Param({"nn"})
    public String layout;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] out;
    private Parallel pool;
    private FloatPointer blasA;
    private FloatPointer blasB;
    private FloatPointer blasOut;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = size.split("x");
        if (dims.length == 1) {
            m = n = k = Integer.parseInt(dims[0]);
        } else if (dims.length == 3) {
            m = Integer.parseInt(dims[0]);
            k = Integer.parseInt(dims[1]);
            n = Integer.parseInt(dims[2]);
        } else {
            throw new IllegalArgumentException("size " + size + " is neither n nor MxKxN");
        }
        if (!layout.equals("nn") && !layout.equals("nt") && !layout.equals("tn")) {
            throw new IllegalArgumentException("layout " + layout + " is not one of nn, nt, tn");
        }
        Random random = new Random(42);
        a = random(random, m * k);
        b = random(random, k * n);
        out = new float[m * n];
        pool = Parallel.of(threads);
        blasA = new FloatPointer(a);
        blasB = new FloatPointer(b);
        blasOut = new FloatPointer(out);
        openblas.blas_set_num_threads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        blasA.close();
        blasB.close();
        blasOut.close();
    }

    @Benchmark
    public float[] swapformer() {
        switch (layout) {
            case "nt" -> MatmulKernels.nt(out, 0, a, 0, b, 0, m, n, k, false, pool);
            case "tn" -> MatmulKernels.tn(out, 0, a, 0, b, 0, m, n, k, false, pool);
            default -> MatmulKernels.nn(out, 0, a, 0, b, 0, m, n, k, false, pool);
        }
        return out;
    }

    /** The baseline: operands off-heap, so that JNI copies no arrays. */
    @Benchmark
    public FloatPointer openblas() {
        boolean transA = layout.equals("tn");
        boolean transB = layout.equals("nt");
        openblas.cblas_sgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1f, blasA, transA ? m : k, blasB, transB ? k : n, 0f, blasOut, n);
        return blasOut;
    }

    private static float[] random(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
