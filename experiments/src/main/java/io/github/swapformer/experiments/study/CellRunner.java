package io.github.swapformer.experiments.study;

import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.train.TrainResult;
import io.github.swapformer.experiments.train.Trainer;
import io.github.swapformer.experiments.train.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one cell end to end: builds its {@link Workload} (the model, initialized from
 * {@code Seeds.derive(seed, "init")}, and the task), trains it (resuming from the cell's
 * checkpoint if a killed run left one), evaluates every size, then writes the curve and, last, the cell's JSON; the checkpoint is deleted once the JSON exists.
 */
public final class CellRunner {
    private final ResultsDir dir;

    public CellRunner(ResultsDir dir) {
        this.dir = dir;
    }

    /** The outcome, for progress lines. */
    public record Outcome(Cell cell, boolean diverged, double exactAtTrainLength, double perplexityAtTrainLength,
                          double seconds) {
        /** Exact match at the train length, or perplexity for tasks without exact match (lm). */
        public String score() {
            return Double.isNaN(exactAtTrainLength) && !Double.isNaN(perplexityAtTrainLength)
                    ? String.format(Locale.ROOT, "perplexity at train length %.3f", perplexityAtTrainLength)
                    : String.format(Locale.ROOT, "exact match at train length %.3f", exactAtTrainLength);
        }
    }

    public Outcome run(Cell cell, Parallel pool, Trainer.Listener listener) {
        long started = System.nanoTime();
        Workload work = cell.workload();
        TrainResult train = new Trainer(cell.train(), pool, listener)
                .train(work, cell.seed(), dir.checkpointFile(cell.id()));
        long evalStart = System.nanoTime();
        List<LengthResult> results = new ArrayList<>();
        for (int n : cell.evalLengths()) {
            results.add(train.diverged() ? LengthResult.diverged(n, work.inputLength(n)) : work.evaluate(n, cell.seed(), pool));
        }
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        ResultsDir.writeAtomic(dir.curveFile(cell.id()), train.curve().toCsv());
        ResultsDir.writeAtomic(dir.cellFile(cell.id()),
                CellResult.toJson(cell, work.model().parameterCount(), train, evalSeconds, results));
        try {
            Files.deleteIfExists(dir.checkpointFile(cell.id()));
        } catch (IOException e) {
            System.err.println("warning: cannot delete checkpoint " + dir.checkpointFile(cell.id()) + ": " + e);
        }
        LengthResult atTrain = results.stream().filter(r -> r.evalLength() == cell.train().trainLength()).findFirst()
                .orElse(LengthResult.notApplicable(0, 0, "not evaluated at the train length"));
        return new Outcome(cell, train.diverged(), atTrain.exactMatch(), atTrain.perplexity(),
                (System.nanoTime() - started) / 1e9);
    }
}
