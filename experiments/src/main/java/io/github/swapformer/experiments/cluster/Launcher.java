package io.github.swapformer.experiments.cluster;

import io.github.swapformer.experiments.study.StudyCommand;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shell command that runs {@code swapformer study} on a compute node, as it appears in the
 * sbatch scripts. By default it is this JVM again: the same java, JVM flags (the Vector API
 * module, heap size) and absolute class path, with {@link StudyCommand} as main class, so a job
 * needs neither the launcher script nor a build on the node, only the shared file system.
 */
public record Launcher(String shellCommand) {
    public Launcher {
        if (shellCommand == null || shellCommand.isBlank()) {
            throw new IllegalArgumentException("launcher command is empty: give the command that runs 'swapformer study'");
        }
    }

    /** This JVM, its flags (debug and profiling agents left out) and class path, main class {@link StudyCommand}. */
    public static Launcher ofThisJvm() {
        return ofJvm(classPath(System.getProperty("java.class.path")));
    }

    /** This JVM and its flags with the given class path. */
    public static Launcher ofJvm(String classPath) {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) {
                words.add(arg);
            }
        }
        words.addAll(List.of("-cp", classPath, StudyCommand.class.getName()));
        return new Launcher(words.stream().map(Launcher::quote).collect(Collectors.joining(" ")));
    }

    /** The class path with every entry made absolute (the job's working folder is not ours). */
    static String classPath(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Single-quotes a word for a POSIX shell unless it is plainly safe. */
    public static String quote(String word) {
        if (word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
