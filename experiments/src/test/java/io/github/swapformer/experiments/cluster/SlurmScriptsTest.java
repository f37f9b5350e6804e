package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptsTest {
    private static SlurmScripts.Plan plan(Path root, Integer parallelism, String time, String partition) {
        return new SlurmScripts.Plan("quick", 28, 4, parallelism, 2, time, partition, root, new Launcher("echo"));
    }

    @Test
    void theArrayScriptHasOneTaskPerShardAndItsResources(@TempDir Path root) {
        String s = SlurmScripts.run(plan(root, 2, "1:30:00", "debug"));
        assertTrue(s.startsWith("#!/bin/bash\n"), s);
        assertTrue(s.contains("\n#SBATCH --array=0-3%2\n"), s);
        assertTrue(s.contains("\n#SBATCH --cpus-per-task=2\n"), s);
        assertTrue(s.contains("\n#SBATCH --time=1:30:00\n"), s);
        assertTrue(s.contains("\n#SBATCH --partition=debug\n"), s);
        assertTrue(s.contains("\n#SBATCH --output=" + root.resolve("quick/slurm/logs/run-%A_%a.out") + "\n"), s);
        assertTrue(s.contains("\nshards=4\n"), s);
        String plain = SlurmScripts.run(plan(root, null, null, null));
        assertTrue(plain.contains("\n#SBATCH --array=0-3\n"), plain);
        assertFalse(plain.contains("--time") || plain.contains("--partition"), plain);
    }

    @Test
    void theReportScriptRebuildsTheSummaryOfTheStudyFolder(@TempDir Path root) {
        String s = SlurmScripts.report(plan(root, null, "10", null));
        assertTrue(s.contains("\n#SBATCH --job-name=swapformer-quick-report\n"), s);
        assertTrue(s.contains("\n#SBATCH --time=10\n"), s);
        assertTrue(s.contains("\nexec echo report " + root.resolve("quick") + "\n"), s);
    }

    /** Runs the script's shell code as Slurm would for task 2 (with an echoing launcher): the study command it starts. */
    @Test
    void taskTwoRunsShardTwoOfFourWithItsCpusAsThreads(@TempDir Path root) throws IOException, InterruptedException {
        Path script = Files.writeString(root.resolve("run.sbatch"), SlurmScripts.run(plan(root, null, null, null)));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
        pb.environment().put("SLURM_ARRAY_TASK_COUNT", "1"); // a resubmitted single task: must not matter
        pb.environment().put("SLURM_CPUS_PER_TASK", "2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("run " + root.resolve("quick/slurm/spec.yaml") + " --results " + root + " --threads 2 --shard 2/4 --no-report", out);
    }

    @Test
    void badResourcesAreRefusedWithTheOptionAndValue(@TempDir Path root) {
        assertEquals("--time 'soon' is not a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS",
                assertThrows(IllegalArgumentException.class, () -> plan(root, null, "soon", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan(root, null, null, "a b")).getMessage()
                .startsWith("--partition 'a b'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plan(root, 0, null, null)).getMessage()
                .startsWith("--array-parallelism 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SlurmScripts.Plan("quick", 3, 4, null, 1, null, null, root, new Launcher("x"))).getMessage()
                .startsWith("--shards 4 must be between 1 and the number of cells, 3"));
    }

    @Test
    void launcherWordsAreQuotedForTheShell() {
        assertEquals("/usr/bin/java", Launcher.quote("/usr/bin/java"));
        assertEquals("'/my results/x'", Launcher.quote("/my results/x"));
        assertEquals("'it'\\''s'", Launcher.quote("it's"));
        assertTrue(Launcher.ofJvm("/a b/c.jar").shellCommand().endsWith(" -cp '/a b/c.jar' "
                + "io.github.swapformer.experiments.study.StudyCommand"));
    }
}
