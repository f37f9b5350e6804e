package io.github.swapformer.reports.table;

import java.nio.file.Path;

/**
 * A result file that does not follow the results-directory contract (see {@link StudyResults}).
 * The message names the file, the line (1-based, the header is line 1) and the column when known.
 */
public final class MalformedTableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedTableException(Path file, long line, String column, String problem) {
        super(location(file, line, column) + ": " + problem);
    }

    public MalformedTableException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    private static String location(Path file, long line, String column) {
        StringBuilder where = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            where.append(", line ").append(line);
        }
        if (column != null) {
            where.append(", column '").append(column).append('\'');
        }
        return where.toString();
    }
}
