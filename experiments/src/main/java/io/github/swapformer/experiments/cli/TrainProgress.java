package io.github.swapformer.experiments.cli;

import io.github.swapformer.experiments.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of {@code swapformer train}, as a study shows it: on a terminal a progress bar with
 * ETA and the latest loss; otherwise a plain line every tenth of the steps.
 */
final class TrainProgress implements Trainer.Listener, AutoCloseable {
    private final PrintWriter out;
    private final ProgressBar bar; // null: plain lines

    TrainProgress(PrintWriter out, int steps, boolean terminal) {
        this.out = out;
        this.bar = terminal && steps > 0 ? new ProgressBarBuilder().setTaskName("train").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().build() : null;
    }

    @Override
    public void onStep(int step, int total, double loss, double lr) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
        } else if (step == total || (total >= 10 && step % (total / 10) == 0)) {
            out.printf(Locale.ROOT, "step %d/%d loss %.4f lr %.2e%n", step, total, loss, lr);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
