package io.github.swapformer.reports.table;

import java.nio.file.Path;
import java.util.List;

/**
 * A named numeric matrix read from a CSV whose header row labels the columns and whose every other row
 * is one matrix row of numbers (row i is labelled i). Used for similarity, bias and attention pictures.
 */
public record Matrix(String name, List<String> columnLabels, double[][] values) {

    public int rows() {
        return values.length;
    }

    public int columns() {
        return columnLabels.size();
    }

    public static Matrix read(String name, Path file) {
        CsvTable table = CsvTable.read(file, List.of());
        int columns = table.header().size();
        double[][] values = new double[table.rows().size()][columns];
        for (int r = 0; r < values.length; r++) {
            CsvTable.Row row = table.rows().get(r);
            for (int c = 0; c < columns; c++) {
                values[r][c] = row.cell(c);
                if (Double.isNaN(values[r][c])) {
                    throw row.error(table.header().get(c), "is empty; a matrix needs every value");
                }
            }
        }
        if (values.length == 0 || columns == 0) {
            throw new MalformedTableException(file, 1, null, "holds no matrix values");
        }
        return new Matrix(name, table.header(), values);
    }
}
