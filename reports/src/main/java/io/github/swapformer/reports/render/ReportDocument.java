package io.github.swapformer.reports.render;

import java.util.List;

/** A report: its title and its blocks in reading order. */
public record ReportDocument(String title, List<Block> blocks) {
    public ReportDocument {
        blocks = List.copyOf(blocks);
    }
}
