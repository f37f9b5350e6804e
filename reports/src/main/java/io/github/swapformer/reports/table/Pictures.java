package io.github.swapformer.reports.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The optional {@code pictures/} folder. Formats:
 * <ul>
 * <li>{@code rope-decay.csv}: {@code distance,value} (RoPE's score against relative distance);</li>
 * <li>{@code alibi-bias.csv}: {@code head,distance,bias};</li>
 * <li>{@code moe_usage.csv}: {@code cell_id,layer,expert,fraction};</li>
 * <li>any other {@code <name>.csv}, e.g. {@code rope-similarity.csv} or {@code sinusoidal-encoding.csv}:
 *     a {@link Matrix} (header row of column labels, then rows of numbers);</li>
 * <li>{@code attention/<cell_id>/layer<L>-head<H>.csv}: an {@link AttentionMap} (a matrix).</li>
 * </ul>
 */
public record Pictures(List<double[]> ropeDecay, List<double[]> alibiBias, List<Matrix> matrices,
                       List<AttentionMap> attention, List<MoeUsage> moeUsage) {

    private static final Pattern HEAD_FILE = Pattern.compile("layer(\\d+)-head(\\d+)\\.csv");

    public static Pictures none() {
        return new Pictures(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return ropeDecay.isEmpty() && alibiBias.isEmpty() && matrices.isEmpty() && attention.isEmpty()
                && moeUsage.isEmpty();
    }

    /** Reads {@code dir}; a missing folder gives {@link #none()}. */
    public static Pictures read(Path dir) {
        if (!Files.isDirectory(dir)) {
            return none();
        }
        List<double[]> decay = new ArrayList<>();
        List<double[]> alibi = new ArrayList<>();
        List<Matrix> matrices = new ArrayList<>();
        List<MoeUsage> moe = new ArrayList<>();
        for (Path file : list(dir)) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file) || !name.endsWith(".csv")) {
                continue;
            }
            switch (name) {
                case "rope-decay.csv" -> decay.addAll(columns(file, "distance", "value"));
                case "alibi-bias.csv" -> alibi.addAll(columns(file, "head", "distance", "bias"));
                case "moe_usage.csv" -> moe.addAll(MoeUsage.read(file));
                default -> matrices.add(Matrix.read(name.substring(0, name.length() - 4), file));
            }
        }
        return new Pictures(decay, alibi, matrices, attention(dir.resolve("attention")), moe);
    }

    private static List<AttentionMap> attention(Path dir) {
        List<AttentionMap> maps = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return maps;
        }
        for (Path cellDir : list(dir)) {
            if (!Files.isDirectory(cellDir)) {
                continue;
            }
            String cellId = cellDir.getFileName().toString();
            for (Path file : list(cellDir)) {
                Matcher m = HEAD_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    int layer = Integer.parseInt(m.group(1));
                    int head = Integer.parseInt(m.group(2));
                    maps.add(new AttentionMap(cellId, layer, head,
                            Matrix.read(cellId + " layer " + layer + " head " + head, file)));
                }
            }
        }
        maps.sort(Comparator.comparing(AttentionMap::cellId).thenComparingInt(AttentionMap::layer)
                .thenComparingInt(AttentionMap::head));
        return maps;
    }

    private static List<double[]> columns(Path file, String... columns) {
        List<double[]> out = new ArrayList<>();
        for (CsvTable.Row row : CsvTable.read(file, List.of(columns)).rows()) {
            double[] values = new double[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = row.requiredNumber(columns[i]);
            }
            out.add(values);
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
