package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.generate.GenerationSpec;
import io.github.swapformer.arch.generate.Generator;
import io.github.swapformer.arch.generate.LanguageModel;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swapformer bench generate}: greedy generation speed with the KV cache — B rows each
 * continuing a one-token prompt by N tokens; tokens/s counts every row's tokens (B·N per run).
 * With {@code --compare-batch B0}, every run also generates B0 rows, before B and after B in turn,
 * and the speed-up of B over B0 is taken run by run, so that both sides see the same state of the machine.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Time greedy KV-cached generation of N tokens for each of B sequences.")
final class BenchGenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--tokens", paramLabel = "N", required = true, description = "Tokens generated per sequence.")
    int tokens;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Sequences generated at once (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "R", defaultValue = "10",
            description = "Untimed runs first, until the JIT has compiled the decoding kernels "
                    + "(default: ${DEFAULT-VALUE}; after 3, batch-1 throughput was ~55 % of its steady state).")
    int warmup;

    @Option(names = "--prompt-id", paramLabel = "ID", defaultValue = "1", description = "The prompt token of every row (default: ${DEFAULT-VALUE}).")
    int promptId;

    @Option(names = "--compare-batch", paramLabel = "B0",
            description = "Also time batch B0, alternating with B run by run in this JVM, and report B's speed-up over B0 "
                    + "(the median and quartiles of the per-run ratios of tokens/s): a comparison that the machine's "
                    + "drift between separate invocations cannot skew.")
    Integer compareBatch;

    @Option(names = "--json", description = "Print {\"tokens_per_second\", ...}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Bench.positive("--tokens", tokens);
        Bench.positive("--batch", batch);
        Bench.positive("--runs", runs);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup " + warmup + " must be >= 0");
        }
        if (compareBatch != null) {
            Bench.positive("--compare-batch", compareBatch);
        }
        DecoderOnlyModel m = model.decoderOnly();
        TokenIds.check("--prompt-id", new int[] {promptId}, m.config().vocabSize());
        int[][] prompts = prompts(batch);
        int[][] baseline = compareBatch == null ? null : prompts(compareBatch);
        GenerationSpec request = GenerationSpec.greedy(tokens);
        Timings timings = new Timings(runs);
        double[] baselineSeconds = new double[runs];
        try (Parallel pool = model.pool()) {
            Generator generator = new Generator(LanguageModel.of(m), pool);
            for (int run = 0; run < warmup + runs; run++) {
                boolean baselineFirst = run % 2 == 0; // the order alternates, so that neither side always runs second
                if (baseline != null && baselineFirst) {
                    timeBaseline(generator, baseline, request, run, baselineSeconds);
                }
                long start = System.nanoTime();
                long cpuStart = Timings.processCpuNanos();
                generator.generate(prompts, request);
                long elapsed = System.nanoTime() - start;
                if (run >= warmup) {
                    timings.add(elapsed);
                    timings.addCpu(cpuStart, Timings.processCpuNanos());
                }
                if (baseline != null && !baselineFirst) {
                    timeBaseline(generator, baseline, request, run, baselineSeconds);
                }
            }
            double perRun = timings.mean();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("tokens_per_second", batch * tokens / perRun);
            result.put("tokens_per_second_stddev", batch * tokens * timings.stddev() / (perRun * perRun));
            result.put("seconds_per_run", perRun);
            result.put("cpu_seconds_per_run", timings.cpuMean());
            result.put("runs", runs);
            result.put("batch", batch);
            result.put("tokens", tokens);
            result.put("threads", pool.threads());
            result.put("parameters", m.parameterCount());
            if (baseline != null) {
                putComparison(result, timings, baselineSeconds);
            }
            Bench.print(spec.commandLine().getOut(), result, json);
        }
        return 0;
    }

    /** One generation of the baseline batch, its seconds kept once the warm-up is over. */
    private void timeBaseline(Generator generator, int[][] baseline, GenerationSpec request, int run, double[] seconds) {
        long start = System.nanoTime();
        generator.generate(baseline, request);
        if (run >= warmup) {
            seconds[run - warmup] = (System.nanoTime() - start) * 1e-9;
        }
    }

    /** {@code rows} prompts of the one token {@code --prompt-id}. */
    private int[][] prompts(int rows) {
        int[][] prompts = new int[rows][];
        Arrays.fill(prompts, new int[] {promptId});
        return prompts;
    }

    /** The baseline's tokens/s and B's speed-up over it, run by run: (B / t) / (B0 / t0). */
    private void putComparison(Map<String, Object> result, Timings timings, double[] baselineSeconds) {
        double[] speedup = new double[runs];
        double baselineTotal = 0;
        for (int r = 0; r < runs; r++) {
            speedup[r] = (double) batch / timings.seconds(r) / (compareBatch / baselineSeconds[r]);
            baselineTotal += baselineSeconds[r];
        }
        Arrays.sort(speedup);
        result.put("compare_batch", compareBatch);
        result.put("compare_tokens_per_second", compareBatch * tokens / (baselineTotal / runs));
        result.put("speedup_median", quantile(speedup, 0.5));
        result.put("speedup_q1", quantile(speedup, 0.25));
        result.put("speedup_q3", quantile(speedup, 0.75));
    }

    /** The p-quantile of sorted values, linearly interpolated between order statistics. */
    private static double quantile(double[] sorted, double p) {
        double at = p * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
