package io.github.swapformer.experiments.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot of the Slurm queue: the state of every job still known to the controller, one entry
 * per array task (keyed by the task's own job id, {@code SLURM_JOB_ID}). Finished jobs leave the
 * queue after {@code MinJobAge}; a job that is not there is no longer running.
 */
public final class JobStates {
    /** No scheduler to ask (not installed, or not reachable): nothing is known. */
    public static final JobStates UNKNOWN = new JobStates(null);

    private static final java.util.Set<String> RUNNING_STATES = java.util.Set.of("RUNNING", "COMPLETING", "SUSPENDED");

    private final Map<String, String> states; // null: unknown

    JobStates(Map<String, String> states) {
        this.states = states;
    }

    /** Whether the queue could be read at all. */
    public boolean known() {
        return states != null;
    }

    /** The job's state (RUNNING, PENDING, COMPLETING, …), empty if it has left the queue or nothing is known. */
    public Optional<String> state(String jobId) {
        return states == null ? Optional.empty() : Optional.ofNullable(states.get(jobId));
    }

    /** Whether the job is executing: running, completing or suspended. */
    public boolean executing(String jobId) {
        return state(jobId).map(RUNNING_STATES::contains).orElse(false);
    }

    /** The states of the array tasks of {@code arrayJobId} still in the queue, counted by state. */
    public Map<String, Integer> arrayTasks(String arrayJobId) {
        Map<String, Integer> counts = new HashMap<>();
        if (states != null) {
            states.forEach((id, state) -> {
                if (id.startsWith(arrayJobId + "_")) {
                    counts.merge(state, 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    /**
     * Asks {@code squeue} (one line per array task: {@code -r}); UNKNOWN when it is missing or fails.
     * Each task appears twice: under its own job id and as {@code <array job>_<task>}.
     */
    public static JobStates query(String squeue, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(squeue, "-h", "-r", "-o", "%A|%i|%T").redirectErrorStream(false);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return UNKNOWN;
            }
            return parse(out.lines().toList());
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    /** Parses lines {@code jobId|arrayJob_task|STATE} (the second field is the job id for a job without array). */
    static JobStates parse(List<String> lines) {
        Map<String, String> states = new HashMap<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\|");
            if (f.length == 3) {
                // Pending tasks of an array not yet split off share the array's job id, which is also
                // the id of one of its tasks: a running state wins.
                states.merge(f[0], f[2], (a, b) -> RUNNING_STATES.contains(a) ? a : b);
                states.put(f[1], f[2]);
            }
        }
        return new JobStates(states);
    }
}
