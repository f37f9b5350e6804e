package io.github.swapformer.experiments.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.experiments.study.Cell;
import io.github.swapformer.experiments.study.CellResult;
import io.github.swapformer.experiments.study.Presets;
import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.SpecException;
import io.github.swapformer.experiments.study.StudyRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of every cell of a study, read from its results folder while shards run on other
 * machines: done (its result file exists), running (a running marker whose owner is alive),
 * failed (the run threw, or its owner is gone: killed by Slurm, out of time, node lost) and
 * pending. Whether an owner is alive is checked by pid on the same host, else by asking Slurm
 * about the marker's job; a marker on another host without Slurm cannot be checked and counts as
 * running, said so in its detail.
 */
public final class StudyStatus {
    /** A cell's state. */
    public enum State { DONE, RUNNING, FAILED, PENDING }

    /** One cell's state and a human-readable detail. */
    public record Entry(Cell cell, State state, String detail) {
    }

    private StudyStatus() {
    }

    /** The cells of the study in {@code studyDir}: its resolved {@code study.yaml}, else the spec a submission froze. */
    public static List<Cell> cells(Path studyDir) {
        for (Path yaml : new Path[] {studyDir.resolve("study.yaml"), SlurmFiles.of(studyDir).spec()}) {
            if (Files.isRegularFile(yaml)) {
                return StudyRunner.validate(Presets.parse(Presets.load(yaml.toString())));
            }
        }
        throw new SpecException(studyDir + " is not a study results folder: it has neither study.yaml nor "
                + SlurmFiles.of(studyDir).spec().getFileName());
    }

    /** Classifies every cell; {@code host} is this machine's name, {@code jobs} what Slurm knows now. */
    public static List<Entry> of(ResultsDir dir, List<Cell> cells, String host, JobStates jobs) {
        List<Entry> entries = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            entries.add(entry(dir, c, host, jobs));
        }
        return entries;
    }

    static Entry entry(ResultsDir dir, Cell c, String host, JobStates jobs) {
        Path result = dir.cellFile(c.id());
        if (Files.exists(result)) {
            JsonNode j = CellResult.read(result);
            String status = j.path("status").asText("ok");
            return new Entry(c, State.DONE, "ok".equals(status) ? "done" : "done (" + status + ")");
        }
        boolean checkpoint = Files.exists(dir.checkpointFile(c.id()));
        String resumes = checkpoint ? "; resumes from its checkpoint" : "";
        Optional<JsonNode> running = Files.exists(CellMarker.runningFile(dir, c.id()))
                ? CellMarker.read(CellMarker.runningFile(dir, c.id())) : Optional.empty();
        if (running.isPresent()) {
            JsonNode m = running.get();
            String who = owner(m);
            return switch (alive(m, host, jobs)) {
                case YES -> new Entry(c, State.RUNNING, "running on " + who);
                case NO -> new Entry(c, State.FAILED, "interrupted: " + who + " is gone" + resumes);
                case UNKNOWN -> new Entry(c, State.RUNNING, "running on " + who + " (not verifiable from here)");
            };
        }
        Optional<JsonNode> failed = Files.exists(CellMarker.failedFile(dir, c.id()))
                ? CellMarker.read(CellMarker.failedFile(dir, c.id())) : Optional.empty();
        if (failed.isPresent()) {
            return new Entry(c, State.FAILED, "failed on " + owner(failed.get()) + ": " + failed.get().path("error").asText());
        }
        return new Entry(c, State.PENDING, checkpoint ? "pending (interrupted earlier; resumes from its checkpoint)" : "pending");
    }

    private enum Liveness { YES, NO, UNKNOWN }

    /** Whether the process that wrote a running marker still runs. */
    private static Liveness alive(JsonNode m, String host, JobStates jobs) {
        if (host.equals(m.path("host").asText())) {
            Optional<ProcessHandle> p = ProcessHandle.of(m.path("pid").asLong(-1));
            boolean same = p.filter(ProcessHandle::isAlive).map(h -> sameStart(h, m)).orElse(false);
            return same ? Liveness.YES : Liveness.NO;
        }
        String job = m.path("slurm_job_id").asText("");
        if (!job.isEmpty() && jobs.known()) {
            return jobs.executing(job) ? Liveness.YES : Liveness.NO;
        }
        return Liveness.UNKNOWN;
    }

    /** A reused pid belongs to a process started after the marker's owner. */
    private static boolean sameStart(ProcessHandle h, JsonNode m) {
        String recorded = m.path("process_started").asText("");
        return recorded.isEmpty() || h.info().startInstant().map(t -> t.equals(Instant.parse(recorded))).orElse(true);
    }

    private static String owner(JsonNode m) {
        String s = m.path("host").asText("?") + " pid " + m.path("pid").asText("?");
        if (m.has("slurm_array_job_id")) {
            s += " (Slurm job " + m.path("slurm_job_id").asText() + ", array task " + m.path("slurm_array_job_id").asText()
                    + "_" + m.path("slurm_array_task_id").asText() + ")";
        } else if (m.has("slurm_job_id")) {
            s += " (Slurm job " + m.path("slurm_job_id").asText() + ")";
        }
        return s;
    }

    /** How many cells are in each state, in the enum's order. */
    public static Map<State, Integer> counts(List<Entry> entries) {
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State s : State.values()) {
            counts.put(s, 0);
        }
        entries.forEach(e -> counts.merge(e.state(), 1, Integer::sum));
        return counts;
    }
}
