package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.experiments.study.Cell;
import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.SpecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StudyStatusTest {
    static final String SPEC = """
            name: tiny
            axes:
              positional: [rope, alibi, nope, t5_bias]
              task: [copy]
              seeds: [1, 2]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 20, batch_size: 8, warmup_steps: 2, eval_every: 10, checkpoint_every: 5}
            eval: {multipliers: [1, 2], examples: 16, batch_size: 16}
            """;

    @TempDir
    Path study;
    ResultsDir dir;
    List<Cell> cells;

    @BeforeEach
    void studyFolder() throws IOException {
        Files.writeString(study.resolve("study.yaml"), SPEC);
        dir = new ResultsDir(study);
        dir.prepare();
        cells = StudyStatus.cells(study);
        assertEquals(8, cells.size());
    }

    private StudyStatus.Entry entry(int i, JobStates jobs) {
        return StudyStatus.entry(dir, cells.get(i), CellMarker.hostName(), jobs);
    }

    private void marker(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    @Test
    void doneRunningFailedAndPendingFromTheResultsFolder() throws Exception {
        Files.writeString(dir.cellFile(cells.get(0).id()), "{\"status\": \"ok\"}");
        Files.writeString(dir.cellFile(cells.get(1).id()), "{\"status\": \"diverged\"}");
        CellMarker running = CellMarker.start(dir, cells.get(2));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        marker(CellMarker.runningFile(dir, cells.get(3).id()),
                "{\"host\": \"" + CellMarker.hostName() + "\", \"pid\": " + gone.pid() + "}");
        Files.writeString(dir.checkpointFile(cells.get(3).id()), "x");
        CellMarker.start(dir, cells.get(4)).failed(new IllegalStateException("boom"));
        Files.writeString(dir.checkpointFile(cells.get(5).id()), "x");

        assertEquals(new StudyStatus.Entry(cells.get(0), StudyStatus.State.DONE, "done"), entry(0, JobStates.UNKNOWN));
        assertEquals("done (diverged)", entry(1, JobStates.UNKNOWN).detail());
        assertEquals(StudyStatus.State.RUNNING, entry(2, JobStates.UNKNOWN).state());
        StudyStatus.Entry interrupted = entry(3, JobStates.UNKNOWN);
        assertEquals(StudyStatus.State.FAILED, interrupted.state());
        assertTrue(interrupted.detail().startsWith("interrupted: ") && interrupted.detail().endsWith("resumes from its checkpoint"),
                interrupted.detail());
        StudyStatus.Entry failed = entry(4, JobStates.UNKNOWN);
        assertEquals(StudyStatus.State.FAILED, failed.state());
        assertTrue(failed.detail().endsWith(": java.lang.IllegalStateException: boom"), failed.detail());
        assertEquals(StudyStatus.State.PENDING, entry(5, JobStates.UNKNOWN).state());
        assertEquals("pending", entry(6, JobStates.UNKNOWN).detail());

        running.finished();
        assertEquals(StudyStatus.State.PENDING, entry(2, JobStates.UNKNOWN).state(), "no result yet, no marker: pending");
        CellMarker.start(dir, cells.get(4));
        assertEquals(StudyStatus.State.RUNNING, entry(4, JobStates.UNKNOWN).state(), "a new attempt clears the failure");

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(study.toString(), "--squeue", "/nonexistent/squeue"));
        assertTrue(out.toString().contains("8 cells: 2 done, 1 running, 1 failed, 4 pending"), out.toString());
    }

    @Test
    void aMarkerFromAnotherHostIsCheckedAgainstTheSlurmQueue() throws IOException {
        marker(CellMarker.runningFile(dir, cells.get(0).id()), """
                {"host": "node17", "pid": 4242, "slurm_job_id": "57", "slurm_array_job_id": "50", "slurm_array_task_id": "3"}""");
        JobStates running = JobStates.parse(List.of("57|50_3|RUNNING", "50|50_[4-7%2]|PENDING"));
        JobStates empty = JobStates.parse(List.of());
        StudyStatus.Entry e = entry(0, running);
        assertEquals(StudyStatus.State.RUNNING, e.state());
        assertEquals("running on node17 pid 4242 (Slurm job 57, array task 50_3)", e.detail());
        assertEquals(StudyStatus.State.FAILED, entry(0, empty).state(), "the job left the queue: killed or out of time");
        assertTrue(entry(0, JobStates.UNKNOWN).detail().endsWith("(not verifiable from here)"));
    }

    @Test
    void squeueLinesGiveTaskStatesAndArrayCounts() {
        JobStates s = JobStates.parse(List.of("12|10_2|RUNNING", "10|10_3|RUNNING", "10|10_[4-5]|PENDING", "13|13|PENDING"));
        assertTrue(s.executing("12"));
        assertTrue(s.executing("10"), "the array's own id is also its last task's: running wins over the pending rest");
        assertEquals("PENDING", s.state("13").orElseThrow());
        assertTrue(s.state("99").isEmpty());
        assertEquals(java.util.Map.of("RUNNING", 2, "PENDING", 1), s.arrayTasks("10"));
    }

    @Test
    void aFolderWithoutAStudyIsOneClearLine(@TempDir Path empty) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(empty.toString()));
        assertEquals("error: " + empty + " is not a study results folder: it has neither study.yaml nor spec.yaml",
                err.toString().trim());
        assertEquals(SpecException.class, org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> StudyStatus.cells(empty)).getClass());
    }
}
