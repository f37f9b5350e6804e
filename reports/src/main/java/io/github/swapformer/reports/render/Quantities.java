package io.github.swapformer.reports.render;

import io.github.swapformer.reports.stats.SeedSummary;
import java.util.Locale;

/** How numbers are written in reports: fixed decimals, p-values with a floor, NaN as a dash. */
final class Quantities {
    static final String MISSING = "–";

    private Quantities() {
    }

    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? MISSING : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** "0.004", "< 0.001", or a dash when the test could not run. */
    static String p(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        return value < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** "p = 0.004" or "p < 0.001". */
    static String pEquals(double value) {
        String text = p(value);
        return text.startsWith("<") ? "p " + text : "p = " + text;
    }

    /** "0.83 ± 0.05" (95% CI half-width), or just the mean with one seed. */
    static String meanCi(SeedSummary s) {
        if (s.n() == 0) {
            return MISSING;
        }
        return s.hasInterval() ? fixed(s.mean(), 2) + " ± " + fixed(s.halfWidth(), 2) : fixed(s.mean(), 2);
    }

    static String seeds(int n) {
        return n + (n == 1 ? " seed" : " seeds");
    }
}
