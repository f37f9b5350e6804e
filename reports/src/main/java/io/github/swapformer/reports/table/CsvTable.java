package io.github.swapformer.reports.table;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row (RFC 4180, read with Commons CSV), kept with the line number of each
 * row so that every typed accessor can say exactly which cell is wrong.
 */
public final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> columnIndex;
    private final List<Row> rows;

    private CsvTable(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = List.copyOf(header);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i), i);
        }
        this.columnIndex = index;
        this.rows = rows;
    }

    /** Reads {@code file}, failing with the file and line if the header lacks a required column or a row is ragged. */
    public static CsvTable read(Path file, List<String> requiredColumns) {
        List<String> header = null;
        List<RawRow> raw = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setTrim(true).build().parse(reader)) {
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                List<String> cells = record.toList();
                if (header == null) {
                    header = stripBom(cells);
                    continue;
                }
                if (cells.size() != header.size()) {
                    throw new MalformedTableException(file, line, null, "row has " + cells.size()
                            + " fields but the header has " + header.size() + " " + header);
                }
                raw.add(new RawRow(line, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new MalformedTableException(file, "is not valid CSV: " + e.getMessage(), e);
        }
        if (header == null) {
            throw new MalformedTableException(file, 0, null, "is empty; expected a header row " + requiredColumns);
        }
        for (String column : requiredColumns) {
            if (!header.contains(column)) {
                throw new MalformedTableException(file, 1, column, "the header lacks this column; header is "
                        + header + ", required columns are " + requiredColumns);
            }
        }
        List<Row> rows = new ArrayList<>(raw.size());
        CsvTable table = new CsvTable(file, header, Collections.unmodifiableList(rows));
        for (RawRow row : raw) {
            rows.add(new Row(table, row.line(), row.cells()));
        }
        return table;
    }

    private record RawRow(long line, List<String> cells) {
    }

    private static List<String> stripBom(List<String> cells) {
        List<String> out = new ArrayList<>(cells);
        if (!out.isEmpty() && out.get(0).startsWith("\uFEFF")) {
            out.set(0, out.get(0).substring(1));
        }
        return out;
    }

    public Path file() {
        return file;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean hasColumn(String column) {
        return columnIndex.containsKey(column);
    }

    /** One data row; accessors name the file, line and column of a bad value. */
    public record Row(CsvTable table, long line, List<String> cells) {

        public String text(String column) {
            Integer index = table.columnIndex.get(column);
            return index == null ? "" : cells.get(index);
        }

        public String requiredText(String column) {
            String value = text(column);
            if (value.isEmpty()) {
                throw error(column, "is empty; a value is required");
            }
            return value;
        }

        /** The number in {@code column}, or NaN when the cell is empty or the column absent. */
        public double optionalNumber(String column) {
            String value = text(column);
            return value.isEmpty() ? Double.NaN : parseDouble(column, value);
        }

        public double requiredNumber(String column) {
            return parseDouble(column, requiredText(column));
        }

        public int requiredInt(String column) {
            String value = requiredText(column);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error(column, "'" + value + "' is not an integer");
            }
        }

        public long requiredLong(String column) {
            String value = requiredText(column);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw error(column, "'" + value + "' is not an integer");
            }
        }

        public double cell(int index) {
            String column = table.header.get(index);
            String value = cells.get(index);
            return value.isEmpty() ? Double.NaN : parseDouble(column, value);
        }

        public MalformedTableException error(String column, String problem) {
            return new MalformedTableException(table.file, line, column, problem);
        }

        private double parseDouble(String column, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw error(column, "'" + value + "' is not a number");
            }
        }
    }
}
