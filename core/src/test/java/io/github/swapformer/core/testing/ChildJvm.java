package io.github.swapformer.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh JVM with chosen flags, to test what depends on
 * how the JVM was started (the Vector API module present or not). The child gets the java of this
 * JVM, this JVM's test classpath and none of its flags; JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS are
 * removed from its environment so that nothing adds a module behind the test's back.
 */
public final class ChildJvm {
    /** What the child printed (stdout and stderr merged) and how it ended. */
    public record Result(int exitCode, String output) {
        /** The last line that starts with {@code prefix}, or fails with the whole output. */
        public String lineStartingWith(String prefix) {
            String found = null;
            for (String line : output.split("\\R")) {
                if (line.startsWith(prefix)) {
                    found = line;
                }
            }
            if (found == null) {
                throw new AssertionError("no line starting with '" + prefix + "' in the child's output:\n" + output);
            }
            return found;
        }
    }

    private ChildJvm() {
    }

    /** Runs {@code mainClass} with the JVM options {@code jvmOptions}; fails after {@code timeoutSeconds}. */
    public static Result run(Class<?> mainClass, List<String> jvmOptions, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(testClassPath());
        command.add(mainClass.getName());
        // A file, not a pipe: the timeout still holds if the child hangs with its output open.
        Path log = Files.createTempFile("child-jvm-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!ended) {
                throw new AssertionError(mainClass.getSimpleName() + " did not end within " + timeoutSeconds
                        + " s:\n" + output);
            }
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Surefire may start tests from a manifest-only jar; it then names the real classpath in
     * {@code surefire.test.class.path}. Outside Surefire, {@code java.class.path} is the classpath.
     */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
