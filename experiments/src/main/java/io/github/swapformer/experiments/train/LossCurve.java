package io.github.swapformer.experiments.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The loss curve of a run: one point per optimizer step (1-based), with the evaluation loss where
 * one was computed. Written as the reports contract's {@code step,train_loss,lr,eval_loss} CSV.
 */
public final class LossCurve {
    /** One step: eval loss NaN when not evaluated at that step. */
    public record Point(int step, double trainLoss, double lr, double evalLoss) {
    }

    private final List<Point> points = new ArrayList<>();

    public void add(Point p) {
        if (!points.isEmpty() && p.step() <= points.get(points.size() - 1).step()) {
            throw new IllegalArgumentException("step " + p.step() + " does not follow step "
                    + points.get(points.size() - 1).step());
        }
        points.add(p);
    }

    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }

    /** The mean train loss of the last {@code k} points (NaN when empty). */
    public double recentTrainLoss(int k) {
        if (points.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        int from = Math.max(0, points.size() - k);
        for (int i = from; i < points.size(); i++) {
            sum += points.get(i).trainLoss();
        }
        return sum / (points.size() - from);
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder("step,train_loss,lr,eval_loss\n");
        for (Point p : points) {
            sb.append(p.step()).append(',').append(number(p.trainLoss())).append(',').append(number(p.lr())).append(',')
                    .append(Double.isNaN(p.evalLoss()) ? "" : number(p.evalLoss())).append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #toCsv()} output (the checkpoint keeps the curve this way). */
    public static LossCurve fromCsv(String csv) {
        LossCurve c = new LossCurve();
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            c.add(new Point(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3])));
        }
        return c;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
