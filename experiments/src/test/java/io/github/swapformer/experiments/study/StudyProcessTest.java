package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study runner in real child processes: killed with SIGKILL mid-study and started again, and
 * split over two concurrent shards; both must end with the summary of an uninterrupted run.
 */
class StudyProcessTest {
    static final String SPEC = """
            name: proc
            axes:
              positional: [rope, alibi]
              task: [copy]
              seeds: [1, 2]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 400, batch_size: 8, warmup_steps: 10, eval_every: 100, checkpoint_every: 10}
            eval: {multipliers: [1, 2], examples: 16, batch_size: 16}
            """;

    @TempDir
    static Path tmp;
    static Path spec;
    static String reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        spec = Files.writeString(tmp.resolve("proc.yaml"), SPEC);
        Process p = start(tmp.resolve("reference"), "reference");
        assertEquals(0, p.waitFor(), log("reference"));
        reference = Files.readString(tmp.resolve("reference/proc/summary.csv"));
        assertEquals(1 + 4 * 2, reference.lines().count(), reference);
    }

    @Test
    void aStudyKilledWithSigkillResumesToTheSameSummary() throws Exception {
        Path results = tmp.resolve("killed");
        Path study = results.resolve("proc");
        Process p = start(results, "killed-1");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (p.isAlive() && !(count(study.resolve("cells"), ".json") >= 1 && count(study.resolve("checkpoints"), ".safetensors") >= 1)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the study ended before it could be killed: " + log("killed-1"));
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor();
        p.waitFor();
        assertEquals(137, p.exitValue());
        int finishedBefore = count(study.resolve("cells"), ".json");
        assertTrue(finishedBefore < 4);

        Process again = start(results, "killed-2");
        assertEquals(0, again.waitFor(), log("killed-2"));
        assertTrue(log("killed-2").contains(finishedBefore + " already finished"), log("killed-2"));
        assertEquals(reference, Files.readString(study.resolve("summary.csv")));
        assertEquals(0, count(study.resolve("cells"), ".tmp") + count(study.resolve("curves"), ".tmp"), "no temp file left");
    }

    @Test
    void twoShardsInTwoProcessesGiveTheSummaryOfOne() throws Exception {
        Path results = tmp.resolve("sharded");
        Process a = start(results, "shard-0", "--shard", "0/2");
        Process b = start(results, "shard-1", "--shard", "1/2");
        assertEquals(0, a.waitFor(), log("shard-0"));
        assertEquals(0, b.waitFor(), log("shard-1"));
        assertTrue(log("shard-0").contains("shard 0/2 has 2"), log("shard-0"));
        assertEquals(reference, Files.readString(results.resolve("proc/summary.csv")));
    }

    private static Process start(Path results, String name, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                StudyCommand.class.getName(), "run", spec.toString(), "--results", results.toString(), "--threads", "1",
                "--no-report"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    }

    private static String log(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int count(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

}
