package io.github.swapformer.experiments.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The main class of {@code benchmarks.jar}: JMH's command line, with the Vector API flag (read from
 * a resource filtered from the parent pom's {@code vector.flag}) appended to every fork's JVM
 * arguments, so {@code java -jar benchmarks.jar ...} needs no flag typed by hand.
 */
public final class BenchLauncher {
    private BenchLauncher() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            Main.main(args); // JMH prints the error and the usage
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        List<String> append = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
        append.add(vectorFlag());
        new Runner(new OptionsBuilder().parent(cmd).jvmArgsAppend(append.toArray(String[]::new)).build()).run();
    }

    /** The {@code --add-modules} flag of the Vector API, as the build wrote it. */
    static String vectorFlag() throws IOException {
        try (InputStream in = BenchLauncher.class.getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("jvm.properties is missing from the benchmarks jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("vector.flag");
        }
    }
}
