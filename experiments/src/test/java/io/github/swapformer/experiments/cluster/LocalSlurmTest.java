package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the Slurm test may run; the test itself fails on CI=true with exactly these reasons. */
class LocalSlurmTest {
    @Test
    void aMissingSlurmOrANonRootUserIsNamed() {
        assertEquals(Optional.of("Slurm is not installed (missing sbatch, slurmd): apt-get install -y slurm-wlm munge, as .ci/run does"),
                LocalSlurm.cannotRun(List.of("sbatch", "slurmd"), "root"));
        assertEquals(Optional.of("the one-node test Slurm runs its daemons as root (Debian's Slurm 22.05 allows it); this is alice"),
                LocalSlurm.cannotRun(List.of(), "alice"));
        assertEquals(Optional.empty(), LocalSlurm.cannotRun(List.of(), "root"));
    }

    @Test
    void programsAreFoundOnThePathAndInSbin() {
        assertEquals(Optional.empty(), LocalSlurm.which("no-such-program-swapformer"));
        assertEquals(true, LocalSlurm.which("sh").isPresent());
    }
}
