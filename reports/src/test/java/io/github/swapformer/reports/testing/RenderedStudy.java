package io.github.swapformer.reports.testing;

import io.github.swapformer.reports.Reports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The full synthetic study (3 seeds, every optional file) rendered once per test JVM: rendering takes
 * seconds, and several test classes look at the same report. Deleted when the JVM exits.
 */
public final class RenderedStudy {
    private static Path study;

    private RenderedStudy() {
    }

    /** The study directory; its report is in {@code report/}. */
    public static synchronized Path fullThreeSeeds() {
        if (study == null) {
            try {
                Path root = Files.createTempDirectory("swapformer-reports-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                study = SyntheticStudy.full(3).write(root.resolve("study"));
                Reports.render(study);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return study;
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort at exit: the directory is under the system temp folder.
        }
    }
}
