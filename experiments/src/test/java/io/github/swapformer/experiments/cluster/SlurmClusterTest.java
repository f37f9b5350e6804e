package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.experiments.study.CellResult;
import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.Shard;
import io.github.swapformer.experiments.study.SpecReader;
import io.github.swapformer.experiments.study.StudyRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A study as a Slurm job array on a real one-node Slurm ({@link LocalSlurm}): four tasks give the
 * summary of a single-process run; a task cancelled mid-cell with {@code scancel} and resubmitted
 * resumes from its checkpoint, recomputes no finished cell and ends with the same summary. Runs in
 * {@code mvn verify} when Slurm is installed; with CI=true a missing Slurm fails instead of skipping.
 */
@Tag("slurm")
class SlurmClusterTest {
    /** Eight cells of a second or two each, checkpointed every 10 steps: a cancel lands mid-cell. */
    static final String SPEC = """
            name: slurm-tiny
            axes:
              positional: [rope, alibi, nope, t5_bias]
              task: [copy]
              seeds: [1, 2]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 150, batch_size: 8, warmup_steps: 10, eval_every: 50, checkpoint_every: 10}
            eval: {multipliers: [1, 2], examples: 16, batch_size: 16}
            """;

    @TempDir
    static Path tmp;
    static LocalSlurm slurm;
    static Path spec;
    static String reference;

    @BeforeAll
    static void clusterAndReference() throws Exception {
        Optional<String> why = LocalSlurm.cannotRun(LocalSlurm.missingPrograms(), System.getProperty("user.name"));
        if (why.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and the Slurm test cannot run: " + why.get());
            }
            Assumptions.abort(why.get());
        }
        long t0 = System.nanoTime();
        slurm = LocalSlurm.start(tmp.resolve("slurm"));
        long t1 = System.nanoTime();
        spec = Files.writeString(tmp.resolve("slurm-tiny.yaml"), SPEC);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8)).run(SpecReader.parse(SPEC, "test"), SPEC,
                new StudyRunner.Options(tmp.resolve("reference"), 2, Shard.ALL, false, false, false));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        reference = Files.readString(tmp.resolve("reference/slurm-tiny/summary.csv"));
        assertEquals(1 + 8 * 2, reference.lines().count(), reference);
        System.out.printf(java.util.Locale.ROOT, "slurm test: cluster up in %.1f s, single-process reference in %.1f s%n",
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (slurm != null) {
            slurm.close();
        }
    }

    @Test
    void aFourTaskArrayGivesTheSummaryOfOneProcess() throws Exception {
        Path results = tmp.resolve("array");
        long t0 = System.nanoTime();
        String array = submit(results);
        waitForEmptyQueue(results);
        System.out.printf(java.util.Locale.ROOT, "slurm test: 4-task array and report job in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path study = results.resolve("slurm-tiny");
        assertEquals(reference, Files.readString(study.resolve("summary.csv")), logs(study));
        String reportLog = reportLog(study);
        assertTrue(reportLog.contains("summary: 8 of 8 cells finished"), "the afterany report job ran: " + reportLog);
        for (int task = 0; task < 4; task++) {
            String log = Files.readString(SlurmFiles.of(study).logs().resolve("run-" + array + "_" + task + ".out"));
            assertTrue(log.contains("shard " + task + "/4 has 2, 0 already finished, 2 to run"), log);
        }
        assertTrue(status(study).contains("8 cells: 8 done, 0 running, 0 failed, 0 pending"), status(study));
    }

    @Test
    void aCancelledTaskResubmittedResumesAndRecomputesNothingFinished() throws Exception {
        Path results = tmp.resolve("cancelled");
        Path study = results.resolve("slurm-tiny");
        ResultsDir dir = new ResultsDir(study);
        String array = submit(results);
        JsonNode victim = waitForCheckpointedRunningCell(dir);
        String task = victim.path("slurm_array_task_id").asText();
        String running = status(study);
        assertTrue(running.lines().anyMatch(l -> l.contains(victim.path("cell_id").asText()) && l.contains(" running ")
                && l.contains("array task " + array + "_" + task)), running);
        slurm.run("scancel", array + "_" + task);
        waitForEmptyQueue(results);

        String cellId = victim.path("cell_id").asText();
        assertTrue(!Files.exists(dir.cellFile(cellId)), "the cancelled cell did not finish: " + logs(study));
        String during = status(study);
        assertTrue(during.contains("interrupted: ") && during.contains(cellId), during);
        Map<Path, String> finished = cellFiles(dir);
        assertTrue(finished.size() < 8, finished.keySet().toString());

        long t0 = System.nanoTime();
        submit(results);
        waitForEmptyQueue(results);
        System.out.printf(java.util.Locale.ROOT, "slurm test: resubmission in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(reference, Files.readString(study.resolve("summary.csv")), logs(study));
        finished.forEach((file, text) -> assertEquals(text, read(file), "a finished cell is never recomputed: " + file));
        JsonNode resumed = CellResult.read(dir.cellFile(cellId));
        assertTrue(resumed.path("resumed_from_step").asInt() > 0, "the cancelled cell resumed from its checkpoint: " + resumed);
        assertTrue(status(study).contains("8 cells: 8 done, 0 running, 0 failed, 0 pending"), status(study));
        try (Stream<Path> all = Files.walk(study)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no half-written file");
        }
        try (Stream<Path> markers = Files.list(study.resolve("running"))) {
            assertEquals(List.of(), markers.toList(), "no cell is left marked running");
        }
    }

    /** {@code study submit --slurm} through the test cluster's sbatch; returns the array job id. */
    private static String submit(Path results) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SubmitCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(spec.toString(), "--slurm", "--results", results.toString(), "--shards", "4",
                "--cpus-per-task", "1", "--time", "10", "--sbatch", slurm.client("sbatch").toString());
        assertEquals(0, code, err + "\n" + slurm.logs());
        String first = out.toString().lines().findFirst().orElse("");
        assertTrue(first.matches("array job \\d+: 4 tasks over 8 cells, .*"), out.toString());
        return first.split(" ")[2].replace(":", "");
    }

    private static void waitForEmptyQueue(Path results) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (!slurm.run("squeue", "-h").isBlank()) {
            if (System.nanoTime() > deadline) {
                fail("the jobs did not end within 150 s:\n" + slurm.run("squeue") + logs(results.resolve("slurm-tiny")) + slurm.logs());
            }
            Thread.sleep(200);
        }
    }

    /** Waits for a cell that is marked running by an array task and has a checkpoint; returns its marker. */
    private static JsonNode waitForCheckpointedRunningCell(ResultsDir dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path running = dir.root().resolve("running");
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(running)) {
                try (Stream<Path> markers = Files.list(running)) {
                    for (Path m : markers.filter(p -> p.toString().endsWith(".json")).toList()) {
                        String id = m.getFileName().toString().replace(".json", "");
                        Optional<JsonNode> node = CellMarker.read(m);
                        if (node.isPresent() && node.get().has("slurm_array_task_id") && Files.exists(dir.checkpointFile(id))) {
                            return node.get();
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        return fail("no cell was running with a checkpoint within 120 s:\n" + logs(dir.root()) + slurm.logs());
    }

    private static String status(Path study) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand());
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute(study.toString(), "--squeue", slurm.client("squeue").toString()));
        return out.toString();
    }

    private static Map<Path, String> cellFiles(ResultsDir dir) throws IOException {
        Map<Path, String> files = new HashMap<>();
        try (Stream<Path> s = Files.list(dir.root().resolve("cells"))) {
            s.filter(p -> p.toString().endsWith(".json")).forEach(p -> files.put(p, read(p)));
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String reportLog(Path study) throws IOException {
        try (Stream<Path> s = Files.list(SlurmFiles.of(study).logs())) {
            return s.filter(p -> p.getFileName().toString().startsWith("report-")).map(SlurmClusterTest::read)
                    .reduce("", String::concat);
        }
    }

    /** Every job log of the study, for failure messages. */
    private static String logs(Path study) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(SlurmFiles.of(study).logs())) {
            s.sorted().forEach(p -> sb.append("== ").append(p.getFileName()).append('\n').append(read(p)));
        } catch (IOException e) {
            sb.append("(no job logs: ").append(e).append(")\n");
        }
        return sb.toString();
    }
}
