package io.github.swapformer.reports.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (the Debian package's {@code /usr/bin/chromium}) for checking the HTML report: one
 * run takes a screenshot while logging the page's console to stderr, another dumps the DOM after load.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;

    private Chromium() {
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run screenshot(Path html, Path png, Path profile) throws IOException, InterruptedException {
        return run(profile, "--screenshot=" + png, "--window-size=1200,2000", "--enable-logging=stderr", "--v=0",
                html.toUri().toString());
    }

    static Run dumpDom(Path html, Path profile) throws IOException, InterruptedException {
        return run(profile, "--dump-dom", html.toUri().toString());
    }

    /**
     * Console lines that signal a broken page. Chromium logs every console message as
     * {@code INFO:CONSOLE(...)} or {@code ...:CONSOLE:...}; the report has no script, so any console output,
     * an uncaught exception or a failed load is a failure. D-Bus noise from a container is ignored.
     */
    static List<String> consoleProblems(String log) {
        List<String> problems = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR_")
                    || line.contains("Not allowed to load local resource")) {
                problems.add(line.strip());
            }
        }
        return problems;
    }

    private static Run run(Path profile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
