package io.github.swapformer.experiments.throughput;

import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.positional.PositionalKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link ThroughputSpec}: every planned measurement in order, a progress line each, and
 * {@code throughput.csv} rewritten (atomically) after each one so that a study stopped early keeps
 * what it measured. Skipped measurements are logged with their reason and left out of the file (the
 * contract has no row without a rate). No measurement starts once the time budget is spent. The
 * first model first runs every mode untimed for {@link #JIT_WARMUP_FACTOR} × the warm-up time, so
 * that the first measurements do not pay for JIT compilation.
 */
public final class ThroughputStudy {
    /** The study's first model warms the JIT up for this many times the per-measurement warm-up. */
    static final double JIT_WARMUP_FACTOR = 5;
    private final PrintStream out;

    public ThroughputStudy(PrintStream out) {
        this.out = out;
    }

    /** Runs the study (or, with {@code dryRun}, only lists it) and returns the results written. */
    public List<Result> run(ThroughputSpec spec, Path resultsDir, boolean dryRun) {
        List<Plan.Entry> plan = Plan.of(spec);
        long toRun = plan.stream().filter(Plan.Entry::runs).count();
        ModelShape model = spec.model();
        out.printf(Locale.ROOT, "throughput: %d measurements, %d to run, %d skipped; model d=%d layers=%d heads=%d "
                        + "vocab=%d context=%d, batch 1, %d thread(s)%n", plan.size(), toRun, plan.size() - toRun,
                model.dModel(), model.layers(), model.heads(), model.vocab(), model.context(), spec.threads());
        out.println("memory: peak_bytes_per_token = heap bytes allocated per token by all threads during the timed "
                + "passes (an upper bound of the peak, not a sampled peak)");
        if (dryRun) {
            plan.forEach(e -> out.println((e.runs() ? "  run   " : "  skip  ") + e.measurement().label()
                    + (e.runs() ? "" : "  (" + e.skipReason() + ")")));
            return List.of();
        }
        List<Result> results = new ArrayList<>();
        AllocationMeter meter = AllocationMeter.create();
        long start = System.nanoTime();
        int done = 0;
        try (Parallel pool = Parallel.of(spec.threads())) {
            Variant current = null;
            PassTimer timer = null;
            for (Plan.Entry entry : plan) {
                Measurement m = entry.measurement();
                if (!entry.runs()) {
                    out.println("skip " + m.label() + ": " + entry.skipReason());
                    continue;
                }
                double elapsed = (System.nanoTime() - start) * 1e-9;
                if (spec.maxSeconds() > 0 && elapsed >= spec.maxSeconds()) {
                    out.printf(Locale.ROOT, "time budget of %.0f s spent: %d measurement(s) not run%n",
                            spec.maxSeconds(), toRun - done);
                    break;
                }
                Variant variant = new Variant(m);
                if (!variant.equals(current)) {
                    current = variant;
                    timer = null; // drops the previous model before the next one is built
                    timer = new PassTimer(new DecoderOnlyModel(
                            model.config(m.positional(), m.ffn(), m.placement()), spec.seed()), pool, spec.protocol(),
                            meter, spec.seed());
                    if (results.isEmpty() && done == 0) {
                        timer.warmUp(spec.modes(), m.length(), JIT_WARMUP_FACTOR * spec.protocol().warmupSeconds());
                    }
                }
                done++;
                Result r = measureOne(timer, m);
                if (r != null) {
                    results.add(r);
                    ThroughputCsv.write(resultsDir, results, spec);
                    progress(done, toRun, r, (System.nanoTime() - start) * 1e-9);
                }
            }
        }
        out.printf(Locale.ROOT, "throughput: %d result(s) in %s (%.0f s)%n", results.size(),
                resultsDir.resolve(ThroughputCsv.FILE), (System.nanoTime() - start) * 1e-9);
        return results;
    }

    /** The model a measurement needs; consecutive measurements of one variant share it. */
    private record Variant(PositionalKind positional, FfnKind ffn, NormPlacement placement) {
        Variant(Measurement m) {
            this(m.positional(), m.ffn(), m.placement());
        }
    }

    private Result measureOne(PassTimer timer, Measurement m) {
        try {
            return timer.measure(m);
        } catch (OutOfMemoryError e) {
            // The pass's tensors are unreachable once we are here; the study goes on without this row.
            out.println("skip " + m.label() + ": out of memory (" + e.getMessage()
                    + "); lower --memory-budget or raise -Xmx");
            return null;
        }
    }

    private void progress(int done, long total, Result r, double elapsedSeconds) {
        String memory = Double.isNaN(r.allocatedBytesPerToken()) ? "allocation not measured"
                : String.format(Locale.ROOT, "%.1f KiB/token allocated", r.allocatedBytesPerToken() / 1024);
        out.printf(Locale.ROOT, "[%d/%d] %s: %,.0f tok/s ± %.1f%% (%d reps × %d passes), %s  [%.0f s]%n",
                done, total, r.measurement().label(), r.tokensPerSecond(), 100 * r.relativeSd(), r.repetitions(),
                r.passesPerRepetition(), memory, elapsedSeconds);
    }
}
