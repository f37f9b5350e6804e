package io.github.swapformer.experiments.cluster;

import io.github.swapformer.experiments.study.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Submits a script with {@code sbatch --parsable} and returns the job id it prints ({@code id[;cluster]}). */
record Sbatch(String executable) {
    String submit(Path script, String... options) {
        List<String> cmd = new ArrayList<>(List.of(executable, "--parsable"));
        cmd.addAll(List.of(options));
        cmd.add(script.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new SpecException("cannot run " + executable + " (" + e.getMessage() + "): is this a Slurm login node? "
                    + "--print writes the scripts without submitting them");
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SpecException(String.join(" ", cmd) + " did not answer within 60 s");
            }
            String id = out.lines().reduce((a, b) -> b).orElse("").split(";")[0].trim();
            if (p.exitValue() != 0 || !id.matches("\\d+")) {
                throw new SpecException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + (err.isEmpty() ? out : err).lines().findFirst().orElse(""));
            }
            return id;
        } catch (IOException e) {
            throw new SpecException("cannot read the answer of " + executable + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpecException("interrupted while waiting for " + executable);
        }
    }
}
