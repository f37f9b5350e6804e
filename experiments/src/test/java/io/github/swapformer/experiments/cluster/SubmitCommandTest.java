package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.experiments.study.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SubmitCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int submit(String... args) {
        CommandLine cli = new CommandLine(new SubmitCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printWritesAndShowsBothScriptsWithoutSubmitting(@TempDir Path root) throws IOException {
        assertEquals(0, submit("quick", "--slurm", "--results", root.toString(), "--print", "--array-parallelism", "2",
                "--cpus-per-task", "2", "--sbatch", "/nonexistent/sbatch"), err.toString());
        SlurmFiles f = SlurmFiles.of(root.resolve("quick"));
        assertEquals(Presets.load("quick").text(), Files.readString(f.spec()), "the spec is frozen beside the scripts");
        String run = Files.readString(f.runScript());
        assertTrue(out.toString().contains(run), out.toString());
        assertTrue(out.toString().contains(Files.readString(f.reportScript())));
        int cells = Presets.parse(Presets.load("quick")).cells().size();
        assertTrue(run.contains("#SBATCH --array=0-" + (cells - 1) + "%2\n"), run);
        assertTrue(run.contains(" -cp "), "the default launcher is this JVM: " + run);
        assertFalse(Files.exists(f.jobs()), "nothing submitted");
        StringWriter status = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand());
        cli.setOut(new PrintWriter(status, true));
        assertEquals(0, cli.execute(root.resolve("quick").toString(), "--squeue", "/nonexistent/squeue"));
        assertTrue(status.toString().contains(cells + " cells: 0 done, 0 running, 0 failed, " + cells + " pending"),
                "before any task ran, status reads the frozen spec: " + status);
    }

    @Test
    void submitsTheArrayThenTheReportAfterIt(@TempDir Path root) throws IOException {
        Path calls = root.resolve("calls.txt");
        Path fake = Files.writeString(root.resolve("sbatch"), """
                #!/bin/bash
                echo "$@" >> %s
                n=$(wc -l < %s)
                echo "$((40 + n));cluster"
                """.formatted(calls, calls));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        assertEquals(0, submit("quick", "--slurm", "--results", root.toString(), "--shards", "4", "--launcher",
                "swapformer study", "--sbatch", fake.toString()), err.toString());
        SlurmFiles f = SlurmFiles.of(root.resolve("quick"));
        assertEquals(List.of("--parsable " + f.runScript(),
                "--parsable --dependency=afterany:41 --kill-on-invalid-dep=no " + f.reportScript()), Files.readAllLines(calls));
        assertTrue(out.toString().startsWith("array job 41: 4 tasks over "), out.toString());
        assertTrue(out.toString().contains("report job 42: runs when every task of 41 has ended"), out.toString());
        List<String> jobs = Files.readAllLines(f.jobs());
        assertTrue(jobs.get(0).startsWith("array 41 ") && jobs.get(1).startsWith("report 42 "), jobs.toString());
        assertTrue(Files.readString(f.runScript()).contains("\nexec swapformer study run "));
    }

    @Test
    void errorsAreOneLineNamingTheProblem(@TempDir Path root) {
        assertEquals(2, submit("quick", "--slurm", "--results", root.toString(), "--sbatch", "/nonexistent/sbatch"));
        assertTrue(err.toString().startsWith("error: cannot run /nonexistent/sbatch"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, submit("quick", "--slurm", "--results", root.toString(), "--print", "--time", "tomorrow"));
        assertTrue(err.toString().startsWith("error: --time 'tomorrow' is not a Slurm time"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, submit("no-such-preset", "--slurm", "--results", root.toString(), "--print"));
        assertTrue(err.toString().startsWith("error: 'no-such-preset' is neither a spec file nor a preset"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, submit("quick", "--results", root.toString()), "--slurm is required");
        assertTrue(err.toString().contains("--slurm"), err.toString());
    }
}
