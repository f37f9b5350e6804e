package io.github.swapformer.reports.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The study's {@code summary.csv} in tidy (long) form, one row per (cell, evaluation length), with the
 * variants derived from the axes that vary. Variants, tasks and seeds keep the order in which the file
 * first names them, which the experiments module writes in study-spec order.
 */
public final class SummaryTable {
    public static final List<String> COLUMNS = List.of("cell_id", "task", "architecture", "positional",
            "norm_placement", "norm_kind", "ffn", "seed", "train_length", "eval_length", "status", "exact_match",
            "token_accuracy", "loss", "perplexity");

    private final List<SummaryRow> rows;
    private final List<Axis> varyingAxes;
    private final Map<String, Variant> variantsByLabel = new LinkedHashMap<>();
    private final Map<String, Integer> trainLengths = new LinkedHashMap<>();

    public SummaryTable(List<SummaryRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("summary has no rows; a study needs at least one evaluated cell");
        }
        this.rows = List.copyOf(rows);
        List<Axis> varying = new ArrayList<>();
        for (Axis axis : Axis.values()) {
            if (rows.stream().map(r -> r.axis(axis)).distinct().count() > 1) {
                varying.add(axis);
            }
        }
        this.varyingAxes = List.copyOf(varying);
        for (SummaryRow row : rows) {
            Variant variant = variantOf(row);
            variantsByLabel.putIfAbsent(variant.label(), variant);
            Integer previous = trainLengths.putIfAbsent(row.task(), row.trainLength());
            if (previous != null && previous != row.trainLength()) {
                throw new IllegalArgumentException("task '" + row.task() + "' has train_length " + previous
                        + " and " + row.trainLength() + " (line " + row.line()
                        + "); one training length per task is allowed");
            }
        }
    }

    /** Reads and validates {@code file}; errors name the file, line and column. */
    public static SummaryTable read(Path file) {
        CsvTable table = CsvTable.read(file, COLUMNS);
        List<SummaryRow> rows = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            rows.add(parse(row));
        }
        if (rows.isEmpty()) {
            throw new MalformedTableException(file, 1, null, "has a header but no rows");
        }
        return new SummaryTable(rows);
    }

    private static SummaryRow parse(CsvTable.Row row) {
        Map<Axis, String> axes = new EnumMap<>(Axis.class);
        for (Axis axis : Axis.values()) {
            axes.put(axis, row.requiredText(axis.column()));
        }
        String statusText = row.requiredText("status");
        Status status = Status.parse(statusText);
        if (status == null) {
            throw row.error("status", "'" + statusText + "' is not one of ok, not_applicable, diverged");
        }
        int train = positive(row, "train_length");
        int eval = positive(row, "eval_length");
        double exact = Double.NaN;
        double token = Double.NaN;
        double loss = Double.NaN;
        double perplexity = Double.NaN;
        if (status == Status.OK) {
            exact = row.optionalNumber("exact_match");
            if (!Double.isNaN(exact)) {
                exact = fraction(row, "exact_match");
            }
            token = fraction(row, "token_accuracy");
            loss = row.optionalNumber("loss");
            perplexity = row.optionalNumber("perplexity");
        }
        return new SummaryRow(row.requiredText("cell_id"), row.requiredText("task"), axes,
                row.requiredLong("seed"), train, eval, status, exact, token, loss, perplexity, row.line());
    }

    private static int positive(CsvTable.Row row, String column) {
        int value = row.requiredInt(column);
        if (value <= 0) {
            throw row.error(column, value + " is not allowed; a length must be positive");
        }
        return value;
    }

    private static double fraction(CsvTable.Row row, String column) {
        double value = row.requiredNumber(column);
        if (!(value >= 0 && value <= 1)) {
            throw row.error(column, value + " is outside [0, 1]; accuracies are fractions");
        }
        return value;
    }

    public List<SummaryRow> rows() {
        return rows;
    }

    /** Axes with more than one value in the study, in {@link Axis} order. */
    public List<Axis> varyingAxes() {
        return varyingAxes;
    }

    public List<Variant> variants() {
        return List.copyOf(variantsByLabel.values());
    }

    public Variant variant(String label) {
        Variant variant = variantsByLabel.get(label);
        if (variant == null) {
            throw new IllegalArgumentException("variant '" + label + "' is not in this study; its variants are "
                    + variantsByLabel.keySet());
        }
        return variant;
    }

    public List<String> tasks() {
        return List.copyOf(trainLengths.keySet());
    }

    public int trainLength(String task) {
        return trainLengths.get(task);
    }

    /** Evaluation lengths of {@code task}, ascending. */
    public List<Integer> evalLengths(String task) {
        Set<Integer> lengths = new TreeSet<>();
        rows.stream().filter(r -> r.task().equals(task)).forEach(r -> lengths.add(r.evalLength()));
        return List.copyOf(lengths);
    }

    public List<Long> seeds() {
        Set<Long> seeds = new LinkedHashSet<>();
        rows.forEach(r -> seeds.add(r.seed()));
        return List.copyOf(seeds);
    }

    /** The variant a row belongs to; with no varying axis, the positional encoding names the only variant. */
    public Variant variantOf(SummaryRow row) {
        Map<Axis, String> values = new EnumMap<>(Axis.class);
        List<String> parts = new ArrayList<>();
        for (Axis axis : varyingAxes) {
            values.put(axis, row.axis(axis));
            parts.add(row.axis(axis));
        }
        if (parts.isEmpty()) {
            values.put(Axis.POSITIONAL, row.axis(Axis.POSITIONAL));
            parts.add(row.axis(Axis.POSITIONAL));
        }
        return new Variant(String.join(" · ", parts), values);
    }
}
