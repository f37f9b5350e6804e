package io.github.swapformer.reports;

import io.github.swapformer.reports.table.Metric;
import java.util.Objects;

/**
 * Choices a report makes about its study.
 *
 * @param metric   the accuracy column the statistics and charts use
 * @param baseline the variant label every other variant is tested against, or null for the study's first
 *                 variant (the order {@code summary.csv} first names them, which is study-spec order)
 */
public record ReportOptions(Metric metric, String baseline) {
    public ReportOptions {
        Objects.requireNonNull(metric, "metric");
        if (baseline != null && baseline.isBlank()) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is blank; give a variant label or null");
        }
    }

    public static ReportOptions defaults() {
        return new ReportOptions(Metric.EXACT_MATCH, null);
    }

    public ReportOptions withBaseline(String label) {
        return new ReportOptions(metric, label);
    }

    public ReportOptions withMetric(Metric value) {
        return new ReportOptions(value, baseline);
    }
}
