package io.github.swapformer.experiments.cluster;

import io.github.swapformer.experiments.study.Cell;
import io.github.swapformer.experiments.study.Presets;
import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.SpecException;
import io.github.swapformer.experiments.study.StudyCommand;
import io.github.swapformer.experiments.study.StudyRunner;
import io.github.swapformer.experiments.study.StudySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swapformer study submit SPEC|PRESET --slurm}: runs a study as a Slurm job array over
 * shards of its cells, plus a report job that waits for the whole array ({@link SlurmScripts}).
 * The spec is validated first, then frozen into the results folder with the scripts; {@code --print}
 * stops there and shows them, otherwise both jobs are submitted and their ids printed.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Run a study on a cluster: a Slurm job array over shards of its cells, then a report job.")
public final class SubmitCommand implements Callable<Integer> {
    /** Slurm's default MaxArraySize is 1001 (task ids 0..1000). */
    static final int MAX_DEFAULT_SHARDS = 1000;

    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SPEC|PRESET", description = "a study spec (YAML) or a preset name")
    String specOrPreset;
    @Option(names = "--slurm", required = true, description = "submit to Slurm (the only engine; Kubernetes: see README.md, Running on a cluster)")
    boolean slurm;
    @Option(names = "--results", required = true, paramLabel = "DIR",
            description = "results root on a file system every node shares; the study writes into DIR/<name>")
    Path results;
    @Option(names = "--shards", paramLabel = "N", description = "array tasks; cell i goes to task i mod N (default: one per cell, at most 1000)")
    Integer shards;
    @Option(names = "--array-parallelism", paramLabel = "N", description = "at most N tasks running at once (sbatch --array=…%%N)")
    Integer arrayParallelism;
    @Option(names = "--cpus-per-task", paramLabel = "C", defaultValue = "1", description = "CPUs of each task, its thread budget (default: ${DEFAULT-VALUE})")
    int cpusPerTask;
    @Option(names = "--time", paramLabel = "T", description = "time limit of each task (Slurm format, e.g. 2:00:00); a task that hits it resumes when resubmitted")
    String time;
    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition")
    String partition;
    @Option(names = "--print", description = "write and show the scripts, do not submit")
    boolean print;
    @Option(names = "--launcher", paramLabel = "CMD", description = "shell command that runs 'swapformer study' on the nodes (default: this Java, its flags and class path)")
    String launcher;
    @Option(names = "--sbatch", paramLabel = "PATH", defaultValue = "sbatch", hidden = true, description = "the sbatch executable")
    String sbatch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Presets.Source source = Presets.load(specOrPreset);
            StudySpec parsed = Presets.parse(source);
            List<Cell> cells = StudyRunner.validate(parsed);
            int n = shards != null ? shards : Math.min(cells.size(), MAX_DEFAULT_SHARDS);
            SlurmScripts.Plan plan = new SlurmScripts.Plan(parsed.name(), cells.size(), n, arrayParallelism, cpusPerTask,
                    time, partition, results, launcher == null ? Launcher.ofThisJvm() : new Launcher(launcher));
            write(plan, source.text());
            SlurmFiles f = plan.files();
            if (print) {
                out.printf("# %s%n%s%n# %s%n%s%n", f.runScript(), SlurmScripts.run(plan), f.reportScript(), SlurmScripts.report(plan));
                out.printf("# submit with:%n#   array=$(sbatch --parsable %s)%n#   sbatch --dependency=afterany:$array %s%n",
                        f.runScript(), f.reportScript());
                return 0;
            }
            Sbatch s = new Sbatch(sbatch);
            String array = s.submit(f.runScript());
            record(f, "array " + array);
            String report = s.submit(f.reportScript(), "--dependency=afterany:" + array, "--kill-on-invalid-dep=no");
            record(f, "report " + report);
            out.printf("array job %s: %d tasks over %d cells, logs in %s%n", array, n, cells.size(), f.logs());
            out.printf("report job %s: runs when every task of %s has ended (afterany)%n", report, array);
            out.printf("follow it with: swapformer study status %s%n", plan.studyDir());
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return StudyCommand.USAGE;
        }
    }

    /** Freezes the spec and writes both scripts into the study's slurm folder. */
    static void write(SlurmScripts.Plan plan, String specText) {
        SlurmFiles f = plan.files();
        try {
            Files.createDirectories(f.logs());
        } catch (IOException e) {
            throw new SpecException("results directory " + plan.studyDir() + " is not writable: " + e);
        }
        new ResultsDir(plan.studyDir()).prepare();
        ResultsDir.writeAtomic(f.spec(), specText);
        ResultsDir.writeAtomic(f.runScript(), SlurmScripts.run(plan));
        ResultsDir.writeAtomic(f.reportScript(), SlurmScripts.report(plan));
    }

    private static void record(SlurmFiles f, String line) {
        try {
            Files.writeString(f.jobs(), line + " " + Instant.now() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f.jobs(), e);
        }
    }
}
