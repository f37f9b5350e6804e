package io.github.swapformer.reports.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a report reads from {@code results/<study>/}. Only {@code summary.csv} is required; the
 * contract (the experiments module writes exactly these files) is documented in {@code reports/README.md}:
 * {@code study.yaml}, {@code summary.csv}, {@code curves/<cell_id>.csv}, {@code throughput.csv},
 * {@code jmh/*.json}, {@code pictures/...} (see {@link Pictures}) and {@code environment.json}.
 */
public record StudyResults(Path dir, String name, String spec, SummaryTable summary,
                           Map<String, TrainingCurve> curves, List<ThroughputRow> throughput, List<JmhResult> jmh,
                           Pictures pictures, Environment environment) {

    public static StudyResults load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("study directory " + dir + " does not exist or is not a directory");
        }
        Path summaryFile = dir.resolve("summary.csv");
        if (!Files.isRegularFile(summaryFile)) {
            throw new IllegalArgumentException("study directory " + dir + " has no summary.csv; it is required");
        }
        SummaryTable summary = SummaryTable.read(summaryFile);
        Map<String, TrainingCurve> curves = new LinkedHashMap<>();
        Path curveDir = dir.resolve("curves");
        for (String cellId : summary.rows().stream().map(SummaryRow::cellId).distinct().toList()) {
            Path file = curveDir.resolve(cellId + ".csv");
            if (Files.isRegularFile(file)) {
                curves.put(cellId, TrainingCurve.read(cellId, file));
            }
        }
        Path throughputFile = dir.resolve("throughput.csv");
        List<ThroughputRow> throughput = Files.isRegularFile(throughputFile)
                ? ThroughputRow.read(throughputFile) : List.of();
        List<JmhResult> jmh = new ArrayList<>();
        for (Path file : jsonFiles(dir.resolve("jmh"))) {
            jmh.addAll(JmhResult.read(file));
        }
        Path absolute = dir.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? absolute.toString() : absolute.getFileName().toString();
        return new StudyResults(dir, name, readSpec(dir.resolve("study.yaml")), summary, curves, throughput, jmh,
                Pictures.read(dir.resolve("pictures")), Environment.read(dir));
    }

    private static String readSpec(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> jsonFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
