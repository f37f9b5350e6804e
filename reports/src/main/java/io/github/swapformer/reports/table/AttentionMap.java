package io.github.swapformer.reports.table;

/**
 * One head's attention weights on one example, from {@code pictures/attention/<cell_id>/layer<L>-head<H>.csv}:
 * rows are query positions, columns key positions, each row sums to 1.
 */
public record AttentionMap(String cellId, int layer, int head, Matrix weights) {
}
