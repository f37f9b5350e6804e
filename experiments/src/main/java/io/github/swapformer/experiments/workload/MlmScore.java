package io.github.swapformer.experiments.workload;

import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;

/**
 * Accumulates the scores of MLM + NSP over batches: NSP accuracy and loss per pair, masked-token
 * accuracy and MLM loss per chosen position. {@link #result} maps them onto a {@link LengthResult}
 * as {@link MaskedLmWorkload} documents.
 */
final class MlmScore {
    private long pairs;
    private long nspCorrect;
    private double nspLossSum;
    private long masked;
    private long maskedCorrect;
    private double mlmLossSum;

    /** Scores one batch from its logits and per-position losses (0 where ignored). */
    void add(PretrainingBatch batch, Tensor mlmLogits, Tensor mlmLosses, Tensor nspLogits, Tensor nspLosses) {
        int vocab = mlmLogits.dim(-1);
        for (int row = 0; row < batch.batch() * batch.length(); row++) {
            int target = batch.mlmTargets()[row];
            if (target != Losses.IGNORE_INDEX) {
                masked++;
                maskedCorrect += ReductionKernels.argmax(mlmLogits.data(), row * vocab, vocab) == target ? 1 : 0;
                mlmLossSum += mlmLosses.data()[row];
            }
        }
        for (int r = 0; r < batch.batch(); r++) {
            pairs++;
            nspCorrect += ReductionKernels.argmax(nspLogits.data(), 2 * r, 2) == batch.nspLabels()[r] ? 1 : 0;
            nspLossSum += nspLosses.data()[r];
        }
    }

    /** exact match = NSP accuracy, token accuracy = masked-token accuracy, loss = mean MLM cross-entropy. */
    LengthResult result(int n, int length) {
        if (pairs == 0 || masked == 0) {
            throw new IllegalStateException("no pair or no masked token was scored (" + pairs + " pairs, " + masked + " masked)");
        }
        return new LengthResult(n, length, Status.OK, (double) nspCorrect / pairs, (double) maskedCorrect / masked,
                mlmLossSum / masked, new double[0], "");
    }

    /** The mean NSP cross-entropy. */
    double nspLoss() {
        return nspLossSum / pairs;
    }
}
