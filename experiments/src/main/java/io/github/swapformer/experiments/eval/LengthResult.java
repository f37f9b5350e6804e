package io.github.swapformer.experiments.eval;

/**
 * The evaluation of one model at one problem size: exact match (whole answer right), per-token
 * accuracy and mean cross-entropy over answer tokens, and the accuracy at each answer position.
 * Metrics are NaN unless the status is {@link Status#OK}.
 *
 * @param evalLength     the problem size n (digits, symbols, pairs)
 * @param sequenceLength the decoder input length at that size
 * @param perPosition    accuracy at answer position 0, 1, …; empty unless OK
 * @param reason         why the row is not OK; empty when it is
 * @param perPositionLoss mean loss per position bucket (language modelling: perplexity by position); empty
 *                        for tasks that report accuracy per answer position only
 */
public record LengthResult(int evalLength, int sequenceLength, Status status, double exactMatch, double tokenAccuracy,
                           double loss, double[] perPosition, String reason, double[] perPositionLoss) {

    /** A result without per-position loss (the synthetic tasks). */
    public LengthResult(int evalLength, int sequenceLength, Status status, double exactMatch, double tokenAccuracy,
                        double loss, double[] perPosition, String reason) {
        this(evalLength, sequenceLength, status, exactMatch, tokenAccuracy, loss, perPosition, reason, new double[0]);
    }

    public static LengthResult notApplicable(int evalLength, int sequenceLength, String reason) {
        return new LengthResult(evalLength, sequenceLength, Status.NOT_APPLICABLE, Double.NaN, Double.NaN, Double.NaN,
                new double[0], reason);
    }

    public static LengthResult diverged(int evalLength, int sequenceLength) {
        return new LengthResult(evalLength, sequenceLength, Status.DIVERGED, Double.NaN, Double.NaN, Double.NaN,
                new double[0], "training diverged");
    }

    /** exp(loss); NaN unless OK. */
    public double perplexity() {
        return Math.exp(loss);
    }
}
