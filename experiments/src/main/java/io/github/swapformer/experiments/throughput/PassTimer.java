package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.generate.LanguageModel;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Times the passes of one model at batch 1 by the {@link Protocol}: forward, forward + backward of
 * the training loss, and greedy generation with the KV cache ({@code arch.generate}'s stepping; the
 * prefill is not timed, only the decoding steps are).
 */
final class PassTimer {
    private final DecoderOnlyModel model;
    private final Parallel pool;
    private final Protocol protocol;
    private final AllocationMeter meter;
    private final long seed;
    private float sink; // keeps every pass's result observable

    /** One pass: the nanoseconds timed, the tokens they produced, the bytes allocated meanwhile. */
    private record Sample(long nanos, int tokens, long bytes) {
    }

    PassTimer(DecoderOnlyModel model, Parallel pool, Protocol protocol, AllocationMeter meter, long seed) {
        this.model = model;
        this.pool = pool;
        this.protocol = protocol;
        this.meter = meter;
        this.seed = seed;
    }

    Result measure(Measurement m) {
        int[] ids = tokens(m.length());
        // At least one untimed pass, which also sizes the repetitions.
        long warmupEnd = System.nanoTime() + (long) (protocol.warmupSeconds() * 1e9);
        Sample last = pass(m.mode(), ids);
        for (int i = 1; i < protocol.warmup() || System.nanoTime() < warmupEnd; i++) {
            last = pass(m.mode(), ids);
        }
        int passes = (int) Math.max(1, Math.ceil(protocol.minRepetitionSeconds() * 1e9 / Math.max(1, last.nanos())));
        double[] rates = new double[protocol.repetitions()];
        long bytes = 0;
        long tokens = 0;
        for (int r = 0; r < rates.length; r++) {
            long nanos = 0;
            int repTokens = 0;
            for (int p = 0; p < passes; p++) {
                Sample s = pass(m.mode(), ids);
                nanos += s.nanos();
                repTokens += s.tokens();
                bytes += s.bytes();
            }
            tokens += repTokens;
            rates[r] = repTokens / (nanos * 1e-9);
        }
        double mean = Arrays.stream(rates).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(rates).map(x -> (x - mean) * (x - mean)).sum() / (rates.length - 1));
        double perToken = meter.supported() && bytes >= 0 ? (double) bytes / tokens : Double.NaN;
        return new Result(m, mean, sd, Arrays.stream(rates).min().orElseThrow(), Arrays.stream(rates).max().orElseThrow(),
                rates.length, passes, perToken);
    }

    /**
     * Runs passes of every mode in turn, untimed, for {@code seconds}: before the first measurement of
     * a study the JIT has compiled nothing, and the per-measurement warm-up would leave the first
     * measurements slow and their allocation inflated by boxed vectors.
     */
    void warmUp(List<Mode> modes, int length, double seconds) {
        int[] ids = tokens(length);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            for (Mode mode : modes) {
                pass(mode, ids);
            }
        } while (System.nanoTime() < end);
    }

    float sink() {
        return sink;
    }

    private Sample pass(Mode mode, int[] ids) {
        return switch (mode) {
            case FORWARD -> forward(ids);
            case FORWARD_BACKWARD -> forwardBackward(ids);
            case GENERATE -> generate(ids, protocol.decodedAt(ids.length));
        };
    }

    private Sample forward(int[] ids) {
        long bytes = meter.allocatedSoFar();
        long start = System.nanoTime();
        Tensor logits = model.logits(Tape.inference(pool), ids, 1, ids.length);
        long nanos = System.nanoTime() - start;
        sink += logits.data()[0];
        return new Sample(nanos, ids.length, meter.allocatedSoFar() - bytes);
    }

    private Sample forwardBackward(int[] ids) {
        int[] targets = new int[ids.length];
        System.arraycopy(ids, 1, targets, 0, ids.length - 1);
        targets[ids.length - 1] = ids[0];
        model.zeroGrad();
        long bytes = meter.allocatedSoFar();
        long start = System.nanoTime();
        Tape tape = Tape.recording(pool);
        Tensor loss = model.loss(tape, ids, targets, 1, ids.length);
        tape.backward(loss);
        long nanos = System.nanoTime() - start;
        sink += loss.data()[0];
        return new Sample(nanos, ids.length, meter.allocatedSoFar() - bytes);
    }

    /**
     * Prefill length − n tokens (untimed), then decode n tokens greedily, one cached step each (timed),
     * through {@link LanguageModel.State}, the stepping {@code Generator} uses; {@code Generator} itself
     * would time the prefill too.
     */
    private Sample generate(int[] ids, int n) {
        int prompt = ids.length - n;
        LanguageModel.State state = LanguageModel.of(model).start(1);
        Tape tape = Tape.inference(pool);
        int next = argmaxLastRow(state.feed(tape, Arrays.copyOf(ids, prompt), prompt));
        long bytes = meter.allocatedSoFar();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            next = argmaxLastRow(state.feed(tape, new int[] {next}, 1));
        }
        long nanos = System.nanoTime() - start;
        sink += next;
        return new Sample(nanos, n, meter.allocatedSoFar() - bytes);
    }

    private static int argmaxLastRow(Tensor logits) {
        int v = logits.dim(-1);
        return ReductionKernels.argmax(logits.data(), logits.data().length - v, v);
    }

    private int[] tokens(int length) {
        Rng rng = Rng.forPurpose(seed, "throughput-tokens");
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = rng.nextInt(model.config().vocabSize());
        }
        return ids;
    }
}
