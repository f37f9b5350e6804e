package io.github.swapformer.experiments.study;

import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.cluster.CellMarker;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.reports.Reports;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a study (DESIGN.md, "How data flows through a study"): validates every cell before any
 * work, skips cells whose result exists, runs the others in parallel (one single-threaded pool per
 * cell, as many cells at a time as {@code threads}), then rebuilds {@code summary.csv} from every
 * finished cell and, when the whole study is finished, renders the report.
 */
public final class StudyRunner {
    /** How to run: where results go, the thread budget, which shard, whether only to list, whether to render the report. */
    public record Options(Path results, int threads, Shard shard, boolean dryRun, boolean report, boolean terminal) {
        public Options {
            if (threads < 1) {
                throw new SpecException("--threads " + threads + " must be at least 1");
            }
        }
    }

    /**
     * Core-seconds per floating-point operation of a cell, calibrated on the quick preset (d_model 64, AVX-512,
     * JDK 17, 2026-11-23): 30 cells took 769 core-seconds, i.e. about 2.5e10 FLOP/s per core by the estimate below.
     */
    static final double SECONDS_PER_FLOP = 1.0 / 2.5e10;

    private final PrintStream out;

    public StudyRunner(PrintStream out) {
        this.out = out;
    }

    /** Checks every cell (architecture, model configuration) without running anything; returns the cells. */
    public static List<Cell> validate(StudySpec spec) {
        List<Cell> cells = spec.cells();
        if (cells.isEmpty()) {
            throw new SpecException("study " + spec.name() + " has no cells");
        }
        for (Cell c : cells) {
            try {
                c.check();
            } catch (IllegalArgumentException e) {
                throw new SpecException("cell " + c.id() + " makes no sense: " + e.getMessage());
            }
        }
        return cells;
    }

    /** Runs the spec; returns the process exit code (0: every cell of this shard finished, 1: some failed). */
    public int run(StudySpec spec, String specText, Options options) {
        long started = System.nanoTime();
        List<Cell> cells = validate(spec);
        ResultsDir dir = new ResultsDir(options.results().resolve(spec.name()));
        List<Cell> mine = options.shard().select(cells);
        if (options.dryRun()) {
            dryRun(spec, dir, cells, mine, options);
            return 0;
        }
        dir.prepare();
        ResultsDir.writeAtomic(dir.root().resolve("study.yaml"), resolvedSpec(specText, cells));
        List<Cell> todo = mine.stream().filter(c -> !Files.exists(dir.cellFile(c.id()))).toList();
        out.printf(Locale.ROOT, "study %s: %d cells, shard %s has %d, %d already finished, %d to run on %d threads -> %s%n",
                spec.name(), cells.size(), options.shard(), mine.size(), mine.size() - todo.size(), todo.size(),
                options.threads(), dir.root());
        int failures = runCells(dir, todo, options);
        writeEnvironment(dir, options);
        int finished = Summary.write(dir, cells);
        out.printf(Locale.ROOT, "summary: %d of %d cells finished -> %s%n", finished, cells.size(), dir.summaryFile());
        if (options.report() && finished == cells.size()) {
            render(dir.root(), out);
        }
        out.printf(Locale.ROOT, "study %s: %.1f min%n", spec.name(), (System.nanoTime() - started) / 6e10);
        return failures == 0 ? 0 : 1;
    }

    private int runCells(ResultsDir dir, List<Cell> todo, Options options) {
        if (todo.isEmpty()) {
            return 0;
        }
        int parallelCells = Math.min(options.threads(), todo.size());
        int threadsPerCell = Math.max(1, options.threads() / parallelCells);
        long totalSteps = todo.stream().mapToLong(c -> c.train().steps()).sum();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(parallelCells);
        try (Progress progress = new Progress(out, totalSteps, options.terminal())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Cell cell : todo) {
                futures.add(executor.submit(() -> {
                    progress.line("cell " + cell.index() + " " + cell.id() + ": start");
                    CellMarker marker = CellMarker.start(dir, cell);
                    try (Parallel pool = Parallel.of(threadsPerCell)) {
                        CellRunner.Outcome o = new CellRunner(dir).run(cell, pool, progress.forCell(cell));
                        marker.finished();
                        progress.always(String.format(Locale.ROOT, "cell %d %s: %s, %s, %.1f s (%d/%d)",
                                cell.index(), cell.id(), o.diverged() ? "DIVERGED" : "done", o.score(),
                                o.seconds(), done.incrementAndGet(), todo.size()));
                    } catch (RuntimeException | Error e) {
                        marker.failed(e);
                        failures.incrementAndGet();
                        progress.always("cell " + cell.index() + " " + cell.id() + " FAILED: " + e);
                        e.printStackTrace();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running cells", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            executor.shutdownNow();
        }
        return failures.get();
    }

    /** Renders the report; a failure there is reported and does not lose the results. */
    public static void render(Path studyDir, PrintStream out) {
        try {
            Path report = Reports.render(studyDir);
            out.println("report: " + report.resolve("report.html"));
        } catch (RuntimeException | LinkageError e) {
            out.println("warning: the report could not be rendered: " + e);
        }
    }

    private void dryRun(StudySpec spec, ResultsDir dir, List<Cell> cells, List<Cell> mine, Options options) {
        double total = 0;
        int finished = 0;
        for (Cell c : mine) {
            boolean done = Files.exists(dir.cellFile(c.id()));
            double s = estimateSeconds(c);
            finished += done ? 1 : 0;
            total += done ? 0 : s;
            out.printf(Locale.ROOT, "%4d  %-48s  %s%n", c.index(), c.id(), done ? "finished" : String.format(Locale.ROOT, "~%.0f s", s));
        }
        out.printf(Locale.ROOT, "study %s: %d cells (shard %s: %d, %d finished); estimated %.1f min on %d threads%n",
                spec.name(), cells.size(), options.shard(), mine.size(), finished,
                total / Math.min(options.threads(), Math.max(1, mine.size() - finished)) / 60, options.threads());
    }

    /**
     * A rough single-core estimate: 6 FLOPs per parameter per trained token (Kaplan et al. 2020,
     * arXiv 2001.08361, §2.1) at a measured rate, plus evaluation at 2 FLOPs per parameter per token.
     */
    public static double estimateSeconds(Cell c) {
        long params = parameterEstimate(c);
        double meanInput = c.task().inputLength((c.train().minLength() + c.train().trainLength() + 1) / 2);
        double maxInput = c.task().inputLength(c.train().trainLength());
        double trainTokens = (double) c.train().steps() * c.train().batchSize() * c.train().accumulation()
                * (meanInput + maxInput) / 2;
        double evalTokens = 0;
        for (int n : c.evalLengths()) {
            evalTokens += (double) c.eval().examples() * c.task().inputLength(n);
        }
        return (6 * params * trainTokens + 2 * params * evalTokens) * SECONDS_PER_FLOP;
    }

    private static long parameterEstimate(Cell c) {
        int d = c.model().dModel();
        int hidden = c.model().ffnHidden() > 0 ? c.model().ffnHidden() : c.ffn().defaultHidden(d, 8);
        int ffnMatrices = c.ffn().gated() ? 3 : 2;
        return (long) c.model().nLayers() * (4L * d * d + (long) ffnMatrices * d * hidden) + (long) Vocabulary.SIZE * d;
    }

    private static String resolvedSpec(String specText, List<Cell> cells) {
        StringBuilder sb = new StringBuilder(specText.strip()).append("\n\n# resolved into ").append(cells.size())
                .append(" cells, in summary order:\n");
        for (Cell c : cells) {
            sb.append("#   ").append(c.index()).append(' ').append(c.id()).append('\n');
        }
        return sb.toString();
    }

    private static void writeEnvironment(ResultsDir dir, Options options) {
        String json = String.format(Locale.ROOT, "{%n  \"jdk\": \"%s\",%n  \"cpu\": \"%s, %d processors\",%n"
                        + "  \"threads\": %d,%n  \"date\": \"%s\"%n}%n", System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), options.threads(), Instant.now());
        ResultsDir.writeAtomic(dir.root().resolve("environment.json"), json);
    }
}
