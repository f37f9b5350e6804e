package io.github.swapformer.reports.chart;

import java.nio.file.Path;

/**
 * A chart written to disk as PNG and SVG, with the report section it belongs to and a caption that says
 * how to read it.
 */
public record RenderedChart(Section section, String name, String title, String caption, Path png, Path svg) {

    /** Report sections, in report order. */
    public enum Section {
        LENGTH_GENERALIZATION("Length generalization"),
        TRAINING("Training curves"),
        THROUGHPUT("Throughput"),
        POSITIONAL("Positional encodings"),
        ATTENTION("Attention maps"),
        MIXTURE_OF_EXPERTS("Mixture-of-Experts usage");

        private final String title;

        Section(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
