package io.github.swapformer.experiments.cluster;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The two sbatch scripts of a study on Slurm: a job array whose task {@code i} runs shard
 * {@code i/n} of the cells into the shared results folder, and a report job, submitted with
 * {@code --dependency=afterany:<array>}, that rebuilds the summary and the report once every task
 * has ended, whether it succeeded or not.
 *
 * <p>The shard count {@code n} is written into the script rather than read from
 * {@code SLURM_ARRAY_TASK_COUNT}: resubmitting only some tasks ({@code sbatch --array=2,5 run.sbatch})
 * must keep every cell in the shard it had, or two shards could own the same cell.
 */
public final class SlurmScripts {
    /** What to submit: the study, its size, the Slurm resources, where results go and how to start swapformer. */
    public record Plan(String study, int cells, int shards, Integer arrayParallelism, int cpusPerTask, String time,
                       String partition, Path resultsRoot, Launcher launcher) {
        public Plan {
            if (shards < 1 || shards > cells) {
                throw new IllegalArgumentException("--shards " + shards + " must be between 1 and the number of cells, " + cells);
            }
            if (arrayParallelism != null && arrayParallelism < 1) {
                throw new IllegalArgumentException("--array-parallelism " + arrayParallelism + " must be at least 1");
            }
            if (cpusPerTask < 1) {
                throw new IllegalArgumentException("--cpus-per-task " + cpusPerTask + " must be at least 1");
            }
            if (time != null && !time.matches("(\\d+-)?\\d+(:\\d{1,2}){0,2}")) {
                throw new IllegalArgumentException("--time '" + time + "' is not a Slurm time: minutes, MM:SS, HH:MM:SS, "
                        + "D-HH, D-HH:MM or D-HH:MM:SS");
            }
            if (partition != null && !partition.matches("[A-Za-z0-9_.,-]+")) {
                throw new IllegalArgumentException("--partition '" + partition + "' is not a partition name (letters, digits, _ . , -)");
            }
            resultsRoot = resultsRoot.toAbsolutePath().normalize();
        }

        public Path studyDir() {
            return resultsRoot.resolve(study);
        }

        public SlurmFiles files() {
            return SlurmFiles.of(studyDir());
        }
    }

    private SlurmScripts() {
    }

    /** The job array: one task per shard, at most {@code arrayParallelism} at a time. */
    public static String run(Plan p) {
        SlurmFiles f = p.files();
        String array = "0-" + (p.shards() - 1) + (p.arrayParallelism() == null ? "" : "%" + p.arrayParallelism());
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append(String.format(Locale.ROOT, "# Study %s on Slurm: %d cells in %d shards (cells with index = i mod %d go to task i).%n",
                p.study(), p.cells(), p.shards(), p.shards()));
        s.append("# Written by 'swapformer study submit'. A killed task resumes when resubmitted: finished cells\n");
        s.append("# are skipped, a cell in progress restarts from its checkpoint. Resubmit some tasks with\n");
        s.append("#   sbatch --array=I,J ").append(Launcher.quote(f.runScript().toString())).append('\n');
        s.append("#SBATCH --job-name=").append(jobName(p.study())).append('\n');
        s.append("#SBATCH --array=").append(array).append('\n');
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(p.cpusPerTask()).append('\n');
        resources(s, p);
        s.append("#SBATCH --output=").append(f.logs().resolve("run-%A_%a.out")).append('\n');
        s.append("set -euo pipefail\n");
        s.append("shards=").append(p.shards()).append('\n');
        s.append("exec ").append(p.launcher().shellCommand()).append(" run ").append(Launcher.quote(f.spec().toString()))
                .append(" \\\n    --results ").append(Launcher.quote(p.resultsRoot().toString()))
                .append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"")
                .append(" \\\n    --shard \"${SLURM_ARRAY_TASK_ID}/${shards}\" --no-report\n");
        return s.toString();
    }

    /** The report job: rebuilds summary.csv from every finished cell and renders the report. */
    public static String report(Plan p) {
        SlurmFiles f = p.files();
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Summary and report of study ").append(p.study())
                .append(", submitted with --dependency=afterany:<array job> (runs when every task has ended).\n");
        s.append("#SBATCH --job-name=").append(jobName(p.study())).append("-report\n");
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=1\n");
        resources(s, p);
        s.append("#SBATCH --output=").append(f.logs().resolve("report-%j.out")).append('\n');
        s.append("set -euo pipefail\n");
        s.append("exec ").append(p.launcher().shellCommand()).append(" report ")
                .append(Launcher.quote(p.studyDir().toString())).append('\n');
        return s.toString();
    }

    private static void resources(StringBuilder s, Plan p) {
        if (p.time() != null) {
            s.append("#SBATCH --time=").append(p.time()).append('\n');
        }
        if (p.partition() != null) {
            s.append("#SBATCH --partition=").append(p.partition()).append('\n');
        }
    }

    /** A job name Slurm shows as is: the study name with anything unusual replaced. */
    static String jobName(String study) {
        return "swapformer-" + study.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
