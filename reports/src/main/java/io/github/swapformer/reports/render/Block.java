package io.github.swapformer.reports.render;

import io.github.swapformer.reports.chart.RenderedChart;
import java.util.List;

/**
 * The parts a report is made of, independent of its output format, so that the Markdown and the HTML
 * report say exactly the same thing. Text is plain (renderers escape it).
 */
public sealed interface Block {

    /** A section title; level 1 is the report title. */
    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    /** A table; {@code numeric} columns are right-aligned. */
    record Table(List<String> header, List<List<String>> rows, List<Boolean> numeric) implements Block {
        public Table {
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("table row has " + row.size() + " cells, header "
                            + header.size() + ": " + row);
                }
            }
        }
    }

    /** Verbatim text, e.g. the study spec. */
    record Preformatted(String text) implements Block {
    }

    record Figure(RenderedChart chart) implements Block {
    }
}
