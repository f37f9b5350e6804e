package io.github.swapformer.reports.table;

import java.util.EnumMap;
import java.util.Map;

/**
 * One row of {@code summary.csv}: one cell (a combination and a seed) evaluated at one length.
 * Metrics are NaN unless {@code status} is {@link Status#OK}.
 */
public record SummaryRow(String cellId, String task, Map<Axis, String> axes, long seed, int trainLength,
                         int evalLength, Status status, double exactMatch, double tokenAccuracy, double loss,
                         double perplexity, long line) {

    public SummaryRow {
        axes = Map.copyOf(new EnumMap<>(axes));
    }

    public String axis(Axis axis) {
        return axes.get(axis);
    }

    public double metric(Metric metric) {
        return metric == Metric.EXACT_MATCH ? exactMatch : tokenAccuracy;
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
