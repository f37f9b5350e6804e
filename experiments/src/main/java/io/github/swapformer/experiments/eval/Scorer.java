package io.github.swapformer.experiments.eval;

import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.experiments.task.Batch;
import io.github.swapformer.experiments.task.Example;

/**
 * Accumulates exact match, per-token accuracy, loss and per-answer-position accuracy over batches
 * scored by teacher forcing: the prediction at each answer position is the argmax given the true
 * tokens before it. Exact match under teacher forcing equals exact match of greedy decoding (the
 * first wrong argmax is where greedy decoding would first go wrong), so no generation loop is needed.
 */
public final class Scorer {
    private final int maxAnswer;
    private final long[] positionCorrect;
    private final long[] positionTotal;
    private long examples;
    private long exact;
    private long tokens;
    private long correct;
    private double lossSum;

    /** @param maxAnswer the longest answer to track per position */
    public Scorer(int maxAnswer) {
        if (maxAnswer < 1) {
            throw new IllegalArgumentException("maxAnswer " + maxAnswer + " must be at least 1");
        }
        this.maxAnswer = maxAnswer;
        this.positionCorrect = new long[maxAnswer];
        this.positionTotal = new long[maxAnswer];
    }

    /**
     * Scores a batch from its logits (B·T·V, row-major) and per-position losses (B·T, 0 where
     * ignored; may be null when the loss is not wanted).
     */
    public void add(Batch batch, float[] logits, float[] losses, int vocab) {
        if (logits.length != batch.batch() * batch.length() * vocab) {
            throw new IllegalArgumentException("logits has " + logits.length + " values, expected B " + batch.batch()
                    + " × T " + batch.length() + " × V " + vocab);
        }
        for (int r = 0; r < batch.batch(); r++) {
            Example e = batch.examples().get(r);
            boolean allRight = true;
            for (int t = e.answerStart() - 1; t < e.inputLength(); t++) {
                int row = r * batch.length() + t;
                int target = batch.targets()[row];
                if (target == Losses.IGNORE_INDEX) {
                    throw new IllegalStateException("answer position " + t + " of row " + r + " has no target");
                }
                boolean right = ReductionKernels.argmax(logits, row * vocab, vocab) == target;
                int pos = t - (e.answerStart() - 1);
                if (pos < maxAnswer) {
                    positionTotal[pos]++;
                    positionCorrect[pos] += right ? 1 : 0;
                }
                tokens++;
                correct += right ? 1 : 0;
                allRight &= right;
                if (losses != null) {
                    lossSum += losses[row];
                }
            }
            examples++;
            exact += allRight ? 1 : 0;
        }
    }

    /** The result at problem size n; NaN loss when no losses were given. */
    public LengthResult result(int evalLength, int sequenceLength, boolean withLoss) {
        if (examples == 0) {
            throw new IllegalStateException("no example was scored");
        }
        int used = 0;
        while (used < maxAnswer && positionTotal[used] > 0) {
            used++;
        }
        double[] perPosition = new double[used];
        for (int i = 0; i < used; i++) {
            perPosition[i] = (double) positionCorrect[i] / positionTotal[i];
        }
        return new LengthResult(evalLength, sequenceLength, Status.OK, (double) exact / examples,
                (double) correct / tokens, withLoss ? lossSum / tokens : Double.NaN, perPosition, "");
    }
}
