package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.text.Corpus;
import io.github.swapformer.experiments.text.Tokenizer;
import io.github.swapformer.experiments.text.TokenizerFile;
import io.github.swapformer.experiments.train.Workload;
import io.github.swapformer.experiments.workload.DecoderTaskWorkload;
import io.github.swapformer.experiments.workload.LanguageModelWorkload;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swapformer eval}: a trained decoder's loss and perplexity at each window length on the test
 * split (last 5 %) of a corpus, tokenized by the model's {@code tokenizer.json}; or, for a task model,
 * exact match and token accuracy at each problem size. A length the positional encoding cannot
 * represent is reported as not applicable.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained model: perplexity per window length on a corpus, or accuracy per size on a task.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--corpus", paramLabel = "FILE", description = "A UTF-8 text file; its test split (last 5 %) is scored.")
    Path corpus;

    @Option(names = {"--lengths", "--sizes"}, paramLabel = "N,N", split = ",", required = true,
            description = "Window lengths in tokens (corpus) or problem sizes (task), e.g. 64,128,256.")
    int[] lengths;

    @Option(names = "--task", paramLabel = "TASK", description = "A synthetic task instead of a corpus: copy, reverse, ...")
    String task;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "64",
            description = "Test windows (corpus) or examples (task) per length, at most (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of a task's test examples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print a JSON list of {length, status, loss, perplexity, token_accuracy, exact_match}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((corpus == null) == (task == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --corpus FILE and --task TASK");
        }
        for (int n : lengths) {
            if (n < 1) {
                throw new IllegalArgumentException("--lengths: " + n + " is not a length; lengths must be >= 1");
            }
        }
        if (windows < 1) {
            throw new IllegalArgumentException("--windows " + windows + " must be at least 1");
        }
        DecoderOnlyModel m = model.decoderOnly();
        Workload work;
        if (corpus != null) {
            Path file = model.model.resolve(TokenizerFile.NAME);
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("model " + model.model + " has no " + TokenizerFile.NAME
                        + ": it was not trained on a corpus by 'swapformer train --corpus'");
            }
            Tokenizer tokenizer = TokenizerFile.read(file);
            work = new LanguageModelWorkload(m, Corpus.load(corpus, tokenizer), windows, 16);
        } else {
            work = new DecoderTaskWorkload(m, TrainCommand.taskKind(task), new LengthEvaluator(windows, 64));
        }
        List<LengthResult> results = new ArrayList<>();
        try (Parallel pool = model.pool()) {
            for (int n : lengths) {
                results.add(work.evaluate(n, seed, pool));
            }
        }
        print(spec.commandLine().getOut(), results);
        return 0;
    }

    private void print(PrintWriter w, List<LengthResult> results) {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LengthResult r : results) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("length", r.evalLength());
                row.put("status", r.status().id());
                row.put("loss", finite(r.loss()));
                row.put("perplexity", finite(r.perplexity()));
                row.put("token_accuracy", finite(r.tokenAccuracy()));
                row.put("exact_match", finite(r.exactMatch()));
                if (!r.reason().isEmpty()) {
                    row.put("reason", r.reason());
                }
                rows.add(row);
            }
            JsonOutput.print(w, rows);
            return;
        }
        w.printf("%8s  %-14s  %8s  %11s  %9s  %11s%n", "length", "status", "loss", "perplexity", "accuracy", "exact_match");
        for (LengthResult r : results) {
            w.printf(Locale.ROOT, "%8d  %-14s  %8s  %11s  %9s  %11s%s%n", r.evalLength(), r.status().id(), f(r.loss(), 4),
                    f(r.perplexity(), 3), f(r.tokenAccuracy(), 4), f(r.exactMatch(), 4),
                    r.reason().isEmpty() ? "" : "  (" + r.reason() + ")");
        }
        w.flush();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String f(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
    }
}
