package io.github.swapformer.reports.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the results were produced. From {@code environment.json} (a flat JSON object; conventional keys
 * {@code jdk}, {@code cpu}, {@code threads}, {@code date}, {@code git_commit}) when the study wrote one;
 * otherwise what the report's own machine can tell, marked as such ({@code recorded == false}).
 */
public record Environment(Map<String, String> entries, boolean recorded) {

    public static Environment read(Path studyDir) {
        Path file = studyDir.resolve("environment.json");
        if (!Files.isRegularFile(file)) {
            return probe(studyDir);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new MalformedTableException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedTableException(file, 0, null, "must be a JSON object of name: value pairs");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            entries.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                    : field.getValue().toString());
        }
        return new Environment(entries, true);
    }

    /** The machine rendering the report, used only when the study recorded no environment. */
    static Environment probe(Path studyDir) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ")");
        entries.put("cpu", cpuModel());
        entries.put("threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        entries.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        entries.put("git_commit", gitCommit(studyDir));
        return new Environment(entries, false);
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static String gitCommit(Path dir) {
        try {
            Process git = new ProcessBuilder(List.of("git", "rev-parse", "HEAD"))
                    .directory(dir.toAbsolutePath().toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
            return "unknown (not a git checkout)";
        } catch (IOException e) {
            return "unknown (git not available)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
