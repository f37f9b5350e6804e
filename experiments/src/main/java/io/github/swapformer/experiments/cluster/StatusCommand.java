package io.github.swapformer.experiments.cluster;

import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.StudyCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swapformer study status DIR}: every cell of a study as done, running, failed or pending
 * ({@link StudyStatus}), and, for a study submitted to Slurm, the array tasks still queued.
 * Exit code 0 however the cells stand; 2 if DIR is not a study.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which cells of a study are done, running, failed or pending (also while a job array runs).")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "DIR", description = "the study's results folder (results/<name>)")
    Path dir;
    @Option(names = "--all", description = "list done cells too (default: only the others)")
    boolean all;
    @Option(names = "--squeue", paramLabel = "PATH", defaultValue = "squeue", hidden = true, description = "the squeue executable")
    String squeue;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ResultsDir results = new ResultsDir(dir);
            List<StudyStatus.Entry> entries = StudyStatus.of(results, StudyStatus.cells(dir), CellMarker.hostName(),
                    JobStates.query(squeue, System.getenv()));
            for (StudyStatus.Entry e : entries) {
                if (all || e.state() != StudyStatus.State.DONE) {
                    out.printf(Locale.ROOT, "%4d  %-8s %-48s  %s%n", e.cell().index(), e.state().name().toLowerCase(Locale.ROOT),
                            e.cell().id(), e.detail());
                }
            }
            Map<StudyStatus.State, Integer> c = StudyStatus.counts(entries);
            out.printf(Locale.ROOT, "%d cells: %d done, %d running, %d failed, %d pending%n", entries.size(),
                    c.get(StudyStatus.State.DONE), c.get(StudyStatus.State.RUNNING), c.get(StudyStatus.State.FAILED),
                    c.get(StudyStatus.State.PENDING));
            slurmJobs(out, SlurmFiles.of(results.root()));
            return 0;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return StudyCommand.USAGE;
        }
    }

    /** The latest submission's array tasks still in the queue, by state. */
    private void slurmJobs(PrintWriter out, SlurmFiles f) {
        if (!Files.isRegularFile(f.jobs())) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f.jobs());
        } catch (IOException e) {
            out.println("slurm: cannot read " + f.jobs() + ": " + e.getMessage());
            return;
        }
        String array = lines.stream().filter(l -> l.startsWith("array ")).reduce((a, b) -> b).map(l -> l.split(" ")[1]).orElse(null);
        if (array == null) {
            return;
        }
        JobStates jobs = JobStates.query(squeue, System.getenv());
        if (!jobs.known()) {
            out.println("slurm: array job " + array + " (squeue is not available here)");
            return;
        }
        Map<String, Integer> tasks = jobs.arrayTasks(array);
        out.println("slurm: array job " + array + (tasks.isEmpty() ? ": no task left in the queue" : ": " + tasks));
    }
}
