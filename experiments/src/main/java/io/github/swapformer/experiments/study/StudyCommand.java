package io.github.swapformer.experiments.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import io.github.swapformer.experiments.cluster.StatusCommand;
import io.github.swapformer.experiments.cluster.SubmitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swapformer study}: run an ablation study from a spec or preset, show its status, rebuild its
 * summary and report. Registered as a subcommand of the {@code swapformer} entry point, and
 * runnable alone ({@link #main}). Spec errors print one line ("error: …") and exit with 2.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Ablation studies: train every combination of a spec's axes, evaluate length generalization, report.",
        subcommands = {StudyCommand.Run.class, StatusCommand.class, SubmitCommand.class, StudyCommand.Report.class,
                StudyCommand.ListPresets.class})
public final class StudyCommand implements Callable<Integer> {
    /** Exit code of a spec or input error. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StudyCommand()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a study: SPEC is a YAML file or a preset (quick, positional, ffn, norm, architectures).")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SPEC|PRESET")
        String spec;
        @Option(names = "--results", defaultValue = "results", description = "results root; the study writes into <root>/<name> (default: ${DEFAULT-VALUE})")
        Path results;
        @Option(names = "--threads", description = "thread budget: cells run in parallel, one thread each (default: available processors)")
        Integer threads;
        @Option(names = "--shard", paramLabel = "i/n", description = "run only cells with index ≡ i (mod n); default from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX/JOB_COMPLETIONS")
        String shard;
        @Option(names = "--dry-run", description = "list the cells with an estimated time, run nothing")
        boolean dryRun;
        @Option(names = "--no-report", description = "do not render the report at the end")
        boolean noReport;

        @Override
        public Integer call() {
            return guarded(() -> {
                Presets.Source source = Presets.load(spec);
                StudySpec parsed = Presets.parse(source);
                int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
                StudyRunner.Options options = new StudyRunner.Options(results, t, Shard.resolve(shard, System.getenv()),
                        dryRun, !noReport, System.console() != null);
                return new StudyRunner(System.out).run(parsed, source.text(), options);
            });
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Rebuild summary.csv from the finished cells and render the report.")
    static final class Report implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the study's results folder (results/<name>)")
        Path dir;

        @Override
        public Integer call() {
            return guarded(() -> {
                List<Cell> cells = cellsOf(dir);
                int finished = Summary.write(new ResultsDir(dir), cells);
                System.out.printf("summary: %d of %d cells finished -> %s%n", finished, cells.size(), dir.resolve("summary.csv"));
                StudyRunner.render(dir, System.out);
                return 0;
            });
        }
    }

    @Command(name = "presets", mixinStandardHelpOptions = true, description = "List the preset studies.")
    static final class ListPresets implements Callable<Integer> {
        @Override
        public Integer call() {
            Presets.NAMES.forEach(System.out::println);
            return 0;
        }
    }

    /** The cells of the study whose resolved spec is {@code dir/study.yaml}. */
    static List<Cell> cellsOf(Path dir) {
        Path yaml = dir.resolve("study.yaml");
        if (!Files.isRegularFile(yaml)) {
            throw new SpecException(dir + " is not a study results folder: it has no study.yaml");
        }
        return StudyRunner.validate(Presets.parse(Presets.load(yaml.toString())));
    }

    /** Runs {@code body}; a spec error becomes one line on stderr and exit code 2, never a stack trace. */
    static int guarded(Callable<Integer> body) {
        try {
            return body.call();
        } catch (SpecException e) {
            System.err.println("error: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
