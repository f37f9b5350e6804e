package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.optim.AdamW;
import io.github.swapformer.core.optim.AdamWConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swapformer bench train-step}: the time of one training step of a decoder-only model —
 * forward, cross-entropy, backward and an AdamW update — on random token batches, after warm-up steps.
 */
@Command(name = "train-step", mixinStandardHelpOptions = true,
        description = "Time forward + backward + AdamW steps on random batches of a decoder-only checkpoint.")
final class BenchTrainStepCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--batch", paramLabel = "B", required = true, description = "Sequences per batch.")
    int batch;

    @Option(names = "--seq", paramLabel = "T", required = true, description = "Tokens per sequence.")
    int seq;

    @Option(names = "--steps", paramLabel = "N", required = true, description = "Timed steps.")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "Untimed steps first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the random batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print {\"seconds_per_step\", \"tokens_per_second\", ...}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Bench.positive("--batch", batch);
        Bench.positive("--seq", seq);
        Bench.positive("--steps", steps);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup " + warmup + " must be >= 0");
        }
        DecoderOnlyModel m = model.decoderOnly();
        int limit = m.positional().maxPositions().orElse(Integer.MAX_VALUE);
        if (seq > limit) {
            throw new IllegalArgumentException("--seq " + seq + " exceeds the model's " + limit + " positions");
        }
        Rng rng = Rng.forPurpose(seed, Seeds.DATA);
        int V = m.config().vocabSize();
        Timings timings = new Timings(steps);
        double loss = Double.NaN;
        try (Parallel pool = model.pool()) {
            AdamW optimizer = new AdamW(m.parameters(), AdamWConfig.defaults(), pool);
            for (int step = 0; step < warmup + steps; step++) {
                int[] tokens = new int[batch * (seq + 1)];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = rng.nextInt(V);
                }
                int[] inputs = new int[batch * seq];
                int[] targets = new int[batch * seq];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(tokens, b * (seq + 1), inputs, b * seq, seq);
                    System.arraycopy(tokens, b * (seq + 1) + 1, targets, b * seq, seq);
                }
                long start = System.nanoTime();
                long cpuStart = Timings.processCpuNanos();
                Tape tape = Tape.recording(pool).seeded(Seeds.derive(seed, Seeds.DROPOUT, step));
                Tensor lossTensor = Losses.crossEntropy(tape, m.logits(tape, inputs, batch, seq), targets);
                tape.backward(lossTensor);
                optimizer.step(1e-4);
                m.zeroGrad();
                long elapsed = System.nanoTime() - start;
                loss = lossTensor.item();
                if (step >= warmup) {
                    timings.add(elapsed);
                    timings.addCpu(cpuStart, Timings.processCpuNanos());
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("seconds_per_step", timings.mean());
            result.put("seconds_per_step_stddev", timings.stddev());
            result.put("tokens_per_second", batch * seq / timings.mean());
            result.put("cpu_seconds_per_step", timings.cpuMean());
            result.put("steps", steps);
            result.put("warmup_steps", warmup);
            result.put("batch", batch);
            result.put("seq", seq);
            result.put("threads", pool.threads());
            result.put("parameters", m.parameterCount());
            result.put("last_loss", loss);
            Bench.print(spec.commandLine().getOut(), result, json);
        }
        return 0;
    }
}
