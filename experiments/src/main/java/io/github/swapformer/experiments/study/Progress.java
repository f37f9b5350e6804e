package io.github.swapformer.experiments.study;

import io.github.swapformer.experiments.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a study run: on a terminal one progress bar over every training step of the
 * cells to run, with ETA and the latest loss; without a console (logs, CI, child processes) plain
 * lines: each cell's start and end and a line every quarter of its steps.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final ProgressBar bar; // null: plain lines

    Progress(PrintStream out, long totalSteps, boolean terminal) {
        this.out = out;
        this.bar = terminal && totalSteps > 0 ? new ProgressBarBuilder().setTaskName("study").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().build() : null;
    }

    /** The listener of one cell's trainer. */
    Trainer.Listener forCell(Cell cell) {
        return (step, total, loss, lr) -> {
            if (bar != null) {
                synchronized (bar) {
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, " %s loss %.4f", cell.id(), loss));
                }
            } else if (total >= 4 && step % (total / 4) == 0 && step < total) {
                line(String.format(Locale.ROOT, "cell %d %s: step %d/%d loss %.4f lr %.2e", cell.index(), cell.id(),
                        step, total, loss, lr));
            }
        };
    }

    void line(String text) {
        if (bar == null) {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }

    /** A line even when the bar is shown (cell ends, failures). */
    void always(String text) {
        if (bar != null) {
            synchronized (bar) {
                System.err.println();
                System.err.println(text);
            }
        } else {
            line(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
