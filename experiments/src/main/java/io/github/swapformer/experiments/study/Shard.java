package io.github.swapformer.experiments.study;

import java.util.List;
import java.util.Map;

/**
 * Which cells this process runs when a study is split across machines sharing one results folder:
 * the cells whose index ≡ {@code index} (mod {@code count}). From {@code --shard i/n}, or from the
 * environment of a Slurm job array ({@code SLURM_ARRAY_TASK_ID} − {@code SLURM_ARRAY_TASK_MIN} of
 * {@code SLURM_ARRAY_TASK_COUNT}) or a Kubernetes indexed job ({@code JOB_COMPLETION_INDEX} of
 * {@code JOB_COMPLETIONS}, which the job template must pass on, as Kubernetes does not set it).
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new SpecException("shard " + index + "/" + count + " is invalid: need 0 <= i < n and n >= 1");
        }
    }

    public boolean owns(Cell c) {
        return c.index() % count == index;
    }

    public List<Cell> select(List<Cell> cells) {
        return cells.stream().filter(this::owns).toList();
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] p = text.trim().split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new SpecException("--shard '" + text + "' must be i/n with integers 0 <= i < n, e.g. 0/4");
    }

    /** The shard given on the command line, else the one the environment describes, else all cells. */
    public static Shard resolve(String option, Map<String, String> env) {
        if (option != null) {
            return parse(option);
        }
        if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
            int id = integer(env, "SLURM_ARRAY_TASK_ID");
            int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? integer(env, "SLURM_ARRAY_TASK_MIN") : 0;
            if (!env.containsKey("SLURM_ARRAY_TASK_COUNT")) {
                throw new SpecException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
            }
            return new Shard(id - min, integer(env, "SLURM_ARRAY_TASK_COUNT"));
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            if (!env.containsKey("JOB_COMPLETIONS")) {
                throw new SpecException("JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS (the number of indexes) is not; "
                        + "pass it from the job's spec.completions, or use --shard i/n");
            }
            return new Shard(integer(env, "JOB_COMPLETION_INDEX"), integer(env, "JOB_COMPLETIONS"));
        }
        return ALL;
    }

    private static int integer(Map<String, String> env, String key) {
        try {
            return Integer.parseInt(env.get(key).trim());
        } catch (NumberFormatException e) {
            throw new SpecException("environment variable " + key + "='" + env.get(key) + "' is not an integer");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
