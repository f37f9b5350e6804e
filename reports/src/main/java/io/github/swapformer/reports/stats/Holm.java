package io.github.swapformer.reports.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for multiple comparisons (Holm 1979): with the m p-values sorted
 * ascending, p₍ᵢ₎ becomes max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎). NaN p-values (tests that could
 * not be run) are not part of the family and stay NaN.
 */
public final class Holm {
    private Holm() {
    }

    public static double[] adjust(double[] pValues) {
        Integer[] order = new Integer[pValues.length];
        int m = 0;
        for (int i = 0; i < pValues.length; i++) {
            if (!Double.isNaN(pValues[i])) {
                if (pValues[i] < 0 || pValues[i] > 1) {
                    throw new IllegalArgumentException("p-value " + pValues[i] + " at index " + i
                            + " is outside [0, 1]");
                }
                order[m++] = i;
            }
        }
        Integer[] finite = Arrays.copyOf(order, m);
        Arrays.sort(finite, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = finite[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }
}
