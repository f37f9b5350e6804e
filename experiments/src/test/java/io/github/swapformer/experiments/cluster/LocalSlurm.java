package io.github.swapformer.experiments.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A one-node Slurm cluster for tests, all under one temporary folder: its own munge key, socket
 * and {@code munged}; a minimal {@code slurm.conf} for this host (linuxproc process tracking, no
 * task plugin, cons_tres, free ports, state and spool in the folder); {@code slurmctld} and
 * {@code slurmd} as root, as Debian's Slurm 22.05 allows. Clients reach it through wrapper scripts
 * that set {@code SLURM_CONF}. {@link #close} cancels its jobs and stops the three daemons by the
 * pids they wrote.
 */
final class LocalSlurm implements AutoCloseable {
    static final List<String> PROGRAMS = List.of("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "sinfo");

    private final Path dir;
    private final List<Path> pidFiles = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
    }

    /** The programs of {@link #PROGRAMS} that are not on the PATH. */
    static List<String> missingPrograms() {
        List<String> missing = new ArrayList<>();
        for (String p : PROGRAMS) {
            if (which(p).isEmpty()) {
                missing.add(p);
            }
        }
        return missing;
    }

    /** Why this machine cannot run a local Slurm, given the missing programs and the user; empty if it can. */
    static Optional<String> cannotRun(List<String> missing, String user) {
        if (!missing.isEmpty()) {
            return Optional.of("Slurm is not installed (missing " + String.join(", ", missing)
                    + "): apt-get install -y slurm-wlm munge, as .ci/run does");
        }
        if (!"root".equals(user)) {
            return Optional.of("the one-node test Slurm runs its daemons as root (Debian's Slurm 22.05 allows it); this is " + user);
        }
        return Optional.empty();
    }

    static Optional<Path> which(String program) {
        // The daemons live in /usr/sbin, which a non-login PATH may lack.
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts munged, slurmctld and slurmd under {@code dir} and waits until the node is idle. */
    static LocalSlurm start(Path dir) throws IOException, InterruptedException {
        LocalSlurm s = new LocalSlurm(dir);
        try {
            s.boot();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void boot() throws IOException, InterruptedException {
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwx------"));
        Path key = munge.resolve("munge.key");
        if (!Files.exists(key)) {
            byte[] bytes = new byte[1024];
            new SecureRandom().nextBytes(bytes);
            Files.write(key, bytes);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        }
        for (String sub : new String[] {"state", "spool", "log", "bin"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dir.resolve("slurm.conf"), conf());
        for (String client : new String[] {"sbatch", "squeue", "scancel", "sinfo"}) {
            Path w = Files.writeString(dir.resolve("bin").resolve(client), "#!/bin/sh\nSLURM_CONF='" + dir.resolve("slurm.conf")
                    + "' exec '" + which(client).orElseThrow() + "' \"$@\"\n");
            Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwx------"));
        }
        daemon(munge.resolve("munged.pid"), which("munged").orElseThrow().toString(), "--force",
                "--socket=" + munge.resolve("munge.socket"), "--key-file=" + key, "--pid-file=" + munge.resolve("munged.pid"),
                "--log-file=" + dir.resolve("log/munged.log"), "--seed-file=" + munge.resolve("munged.seed"));
        daemon(dir.resolve("slurmctld.pid"), which("slurmctld").orElseThrow().toString(), "-f", dir.resolve("slurm.conf").toString());
        daemon(dir.resolve("slurmd.pid"), which("slurmd").orElseThrow().toString(), "-f", dir.resolve("slurm.conf").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = run("sinfo", "-h", "-o", "%t").trim();
            if (state.equals("idle")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the local Slurm node did not become idle in 60 s (state '" + state + "'); logs:\n" + logs());
    }

    private String conf() {
        String host = hostShortName();
        long memMb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
        long realMemory = Math.max(256, Math.min(4000, memMb / 2));
        int cpus = Runtime.getRuntime().availableProcessors();
        return String.join("\n",
                "ClusterName=swapformer-test",
                "SlurmctldHost=" + host,
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + dir.resolve("munge/munge.socket"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ReturnToService=2",
                "MpiDefault=none",
                "SwitchType=switch/none",
                "JobCompType=jobcomp/none",
                "AccountingStorageType=accounting_storage/none",
                "JobAcctGatherType=jobacct_gather/none",
                "SchedulerType=sched/backfill",
                // Scheduling passes often enough that a 4-task array starts within a second.
                "SchedulerParameters=sched_interval=2",
                "KillWait=5",
                String.format(Locale.ROOT, "NodeName=%s CPUs=%d RealMemory=%d State=UNKNOWN", host, cpus, realMemory),
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                "");
    }

    static String hostShortName() {
        try {
            Process p = new ProcessBuilder("hostname", "-s").start();
            String h = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return h;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run hostname -s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Runs a daemon that forks into the background and writes {@code pidFile}; waits for the pid. */
    private void daemon(Path pidFile, String... command) throws IOException, InterruptedException {
        pidFiles.add(pidFile);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(Path.of(command[0]).getFileName() + ".out").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed to start; logs:\n" + logs());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pid(pidFile).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(command[0] + " wrote no pid file " + pidFile + "; logs:\n" + logs());
            }
            Thread.sleep(50);
        }
    }

    private static Optional<Long> pid(Path pidFile) {
        try {
            String s = Files.readString(pidFile).trim();
            return s.matches("\\d+") ? Optional.of(Long.parseLong(s)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The wrapper of a Slurm client that talks to this cluster. */
    Path client(String name) {
        return dir.resolve("bin").resolve(name);
    }

    /** Runs a client command against this cluster; returns its standard output (fails on a non-zero exit). */
    String run(String client, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(client(client).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** The tails of the daemons' logs, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                sb.append("== ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(logs unreadable: ").append(e).append(")");
        }
        return sb.toString();
    }

    /** Cancels every job of this cluster, then stops slurmd, slurmctld and munged by their pids. */
    @Override
    public void close() {
        try {
            if (pid(dir.resolve("slurmctld.pid")).isPresent()) {
                run("scancel", "--user=" + System.getProperty("user.name"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!run("squeue", "-h").isBlank() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: cannot cancel the test cluster's jobs: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = pidFiles.size() - 1; i >= 0; i--) {
            pid(pidFiles.get(i)).flatMap(ProcessHandle::of).ifPresent(LocalSlurm::stop);
        }
    }

    private static void stop(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
    }
}
