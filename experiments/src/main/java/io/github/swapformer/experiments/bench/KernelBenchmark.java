package io.github.swapformer.experiments.bench;

import io.github.swapformer.core.kernel.GeluKernels;
import io.github.swapformer.core.kernel.NormKernels;
import io.github.swapformer.core.kernel.SoftmaxKernels;
import io.github.swapformer.core.optim.AdamWKernels;
import io.github.swapformer.core.parallel.Parallel;
import java.util.SplittableRandom;
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
 * Memory-bound kernels against a plain array copy measured in the same class: each benchmark
 * counts the bytes it must read and write (the {@code bytes} counter, reported per second), so
 * GB/s compare directly. A kernel at ≥ 0.5× the copy is close to what memory allows.
 *
 * <p>Bytes per call: copy, LayerNorm, softmax and GELU read and write one (rows × C) array each
 * (8 bytes per element); AdamW reads parameter, gradient, m and v and writes three of them back
 * (28 bytes per element).
 *
 * <p>{@code threads}: the pool every kernel splits its rows (or elements) over, as in training;
 * the copy is split over the same pool in contiguous chunks, so that each kernel is compared with
 * a copy that has the same cores (one core's copy does not reach the machine's bandwidth).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class KernelBenchmark {
    /** Rows of width {@link #C}; 4096 × 768 floats = 12 MiB per array, larger than the last-level cache share of one core. */
    @Param({"4096"})
    public int rows;

    public static final int C = 768;

    /** Threads of the pool that the kernels and the copy are split over. */
    @Param({"1", "2"})
    public int threads;

    private float[] x;
    private float[] y;
    private float[] weight;
    private float[] bias;
    private float[] mean;
    private float[] rstd;
    private float[] grad;
    private float[] m;
    private float[] v;
    private Parallel pool;
    /** The copy's smallest chunk per thread (256 KB). */
    private static final int COPY_CHUNK = 1 << 16;

    /** Bytes moved, reported by JMH as a rate (bytes per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() {
        int n = rows * C;
        SplittableRandom random = new SplittableRandom(1);
        x = new float[n];
        y = new float[n];
        grad = new float[n];
        m = new float[n];
        v = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
            grad[i] = (float) random.nextGaussian() * 1e-2f;
        }
        weight = new float[C];
        bias = new float[C];
        java.util.Arrays.fill(weight, 1f);
        mean = new float[rows];
        rstd = new float[rows];
        pool = Parallel.of(threads);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float[] copy(Traffic traffic) {
        if (threads == 1) {
            System.arraycopy(x, 0, y, 0, x.length);
        } else {
            pool.forRange(x.length, COPY_CHUNK, (from, to) -> System.arraycopy(x, from, y, from, to - from));
        }
        traffic.bytes += 8L * x.length;
        return y;
    }

    @Benchmark
    public float[] layerNorm(Traffic traffic) {
        NormKernels.layerNormForward(y, mean, rstd, x, weight, bias, 1e-5f, rows, C, pool);
        traffic.bytes += 8L * x.length;
        return y;
    }

    @Benchmark
    public float[] softmax(Traffic traffic) {
        SoftmaxKernels.softmaxForward(y, x, null, null, rows, C, pool);
        traffic.bytes += 8L * x.length;
        return y;
    }

    @Benchmark
    public float[] gelu(Traffic traffic) {
        GeluKernels.geluForward(y, x, x.length, pool);
        traffic.bytes += 8L * x.length;
        return y;
    }

    @Benchmark
    public float[] adamW(Traffic traffic) {
        // y plays the parameter; the tiny learning rate keeps values stable across many invocations.
        AdamWKernels.step(y, grad, m, v, y.length, 1e-6f, 0.9f, 0.999f, 1e-8f, 0.01f, 0.5f, 0.5f, pool);
        traffic.bytes += 28L * x.length;
        return y;
    }
}
