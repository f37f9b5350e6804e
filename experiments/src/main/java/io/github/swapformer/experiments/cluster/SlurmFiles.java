package io.github.swapformer.experiments.cluster;

import java.nio.file.Path;

/**
 * Where a submission keeps its files, inside the study's results folder so that every node sees
 * them: {@code slurm/spec.yaml} (the spec frozen at submission: a preset or file edited later
 * cannot change the cells under running shards), the two sbatch scripts, {@code slurm/jobs.txt}
 * (one line per submitted job) and {@code slurm/logs/}.
 */
public record SlurmFiles(Path folder) {
    public static SlurmFiles of(Path studyDir) {
        return new SlurmFiles(studyDir.toAbsolutePath().normalize().resolve("slurm"));
    }

    public Path spec() {
        return folder.resolve("spec.yaml");
    }

    public Path runScript() {
        return folder.resolve("run.sbatch");
    }

    public Path reportScript() {
        return folder.resolve("report.sbatch");
    }

    public Path jobs() {
        return folder.resolve("jobs.txt");
    }

    public Path logs() {
        return folder.resolve("logs");
    }
}
