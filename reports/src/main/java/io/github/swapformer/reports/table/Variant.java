package io.github.swapformer.reports.table;

import java.util.Map;

/**
 * One combination of the axes that vary in a study. Its label lists those values in {@link Axis} order
 * joined by " · " (e.g. "rope · swiglu"); axes with a single value in the whole study are left out.
 */
public record Variant(String label, Map<Axis, String> values) {
    public Variant {
        values = Map.copyOf(values);
    }

    public String value(Axis axis) {
        return values.get(axis);
    }

    @Override
    public String toString() {
        return label;
    }
}
