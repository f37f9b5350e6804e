package io.github.swapformer.experiments.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.experiments.study.Cell;
import io.github.swapformer.experiments.study.ResultsDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The in-progress and failure markers of a cell, so that {@code study status} can tell a running
 * cell from a pending one while a job array runs: {@code running/<id>.json} names the host, process
 * and Slurm job that work on the cell, from its start until its result exists; a cell whose run
 * threw leaves {@code failed/<id>.json} with the error. A process killed by Slurm (time limit,
 * {@code scancel}, node failure) leaves its running marker behind: the owner is then gone, which
 * {@link StudyStatus} checks. Both files are written atomically, like every file of the study.
 */
public final class CellMarker {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ResultsDir dir;
    private final String id;

    private CellMarker(ResultsDir dir, String id) {
        this.dir = dir;
        this.id = id;
    }

    public static Path runningFile(ResultsDir dir, String id) {
        return dir.root().resolve("running").resolve(id + ".json");
    }

    public static Path failedFile(ResultsDir dir, String id) {
        return dir.root().resolve("failed").resolve(id + ".json");
    }

    /** Marks {@code cell} as running in this process (a failure marker of an earlier attempt is removed). */
    public static CellMarker start(ResultsDir dir, Cell cell) {
        ObjectNode n = owner(System.getenv());
        n.put("cell_id", cell.id());
        n.put("started", Instant.now().toString());
        ResultsDir.writeAtomic(runningFile(dir, cell.id()), n.toPrettyString() + "\n");
        delete(failedFile(dir, cell.id()));
        return new CellMarker(dir, cell.id());
    }

    /** The cell's result exists: it is no longer running. */
    public void finished() {
        delete(runningFile(dir, id));
    }

    /**
     * The cell's run threw: record why, then stop marking it running. Called while handling that
     * error, so a marker that cannot be written is a warning, never a second error hiding the first.
     */
    public void failed(Throwable error) {
        ObjectNode n = owner(System.getenv());
        n.put("cell_id", id);
        n.put("failed", Instant.now().toString());
        n.put("error", String.valueOf(error));
        try {
            ResultsDir.writeAtomic(failedFile(dir, id), n.toPrettyString() + "\n");
            delete(runningFile(dir, id));
        } catch (UncheckedIOException e) {
            System.err.println("warning: cannot mark cell " + id + " failed: " + e.getMessage());
        }
    }

    /** Who runs the cell: host, pid, and the Slurm job (one id per array task) when there is one. */
    static ObjectNode owner(Map<String, String> env) {
        ObjectNode n = JSON.createObjectNode();
        n.put("host", hostName());
        n.put("pid", ProcessHandle.current().pid());
        ProcessHandle.current().info().startInstant().ifPresent(t -> n.put("process_started", t.toString()));
        for (String key : new String[] {"SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID"}) {
            if (env.containsKey(key)) {
                n.put(key.toLowerCase(java.util.Locale.ROOT), env.get(key));
            }
        }
        return n;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    /** Reads a marker; an unreadable one (e.g. being replaced on a network file system) is empty. */
    static Optional<JsonNode> read(Path file) {
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete marker " + file, e);
        }
    }
}
