package io.github.swapformer.arch.attention;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import io.github.swapformer.positional.Positions;

/**
 * A positional encoding's score and value terms, one key block at a time, through its ordinary
 * hooks: the bias of keys [j0, j1) is {@code biasScores} of a zero (B, NH, T, n) block with those
 * keys' positions, and its backward recomputes the block on a private recording tape and
 * backpropagates the block's score gradient through it (into the encoding's parameters, and into
 * q for Shaw's query-dependent term). Likewise {@code mixValues} of a block of probabilities. No
 * block outlives its step, so memory stays linear in T; an encoding whose hook returns its input
 * unchanged is detected once and costs nothing afterwards.
 */
final class BlockBias {
    private final PositionalEncoding encoding; // null: no positional terms (cross-attention)
    private final Tensor q;
    private final Positions queryPos;
    private final Positions keyPos;
    private final int B;
    private final int NH;
    private final int T;
    private final int HS;
    private final Parallel pool;
    private Boolean scores; // null until probed
    private Boolean mixes;

    BlockBias(PositionalEncoding encoding, Tensor q, Positions queryPos, Positions keyPos, Parallel pool) {
        this.encoding = encoding;
        this.q = q;
        this.queryPos = queryPos;
        this.keyPos = keyPos;
        this.B = q.dim(0);
        this.NH = q.dim(1);
        this.T = q.dim(2);
        this.HS = q.dim(3);
        this.pool = pool;
        if (encoding == null) {
            scores = false;
            mixes = false;
        }
    }

    /** Whether a backward pass must reach the encoding's parameters. */
    boolean learned() {
        return encoding != null && encoding.learned().map(m -> !m.parameters().isEmpty()).orElse(false);
    }

    /** The bias (B, NH, T, n) of keys [j0, j1), or null when the encoding adds none. */
    float[] scores(int j0, int j1) {
        if (Boolean.FALSE.equals(scores)) {
            return null;
        }
        Tensor zero = Tensor.zeros(B, NH, T, j1 - j0);
        Tensor out = encoding.biasScores(Tape.inference(pool), zero, q, queryPos, keys(j0, j1));
        scores = out != zero;
        return scores ? out.data() : null;
    }

    /**
     * The bias of keys [j0, j1) recomputed on a private recording tape, for the backward pass: its
     * data feeds the block's probabilities, then {@link Recomputed#backward} takes the block's
     * score gradient through it. Null when the encoding adds no bias.
     */
    Recomputed recompute(int j0, int j1) {
        if (!Boolean.TRUE.equals(scores)) {
            return null;
        }
        Tape tape = Tape.recording(pool);
        Tensor out = encoding.biasScores(tape, Tensor.zerosWithGrad(B, NH, T, j1 - j0), q, queryPos, keys(j0, j1));
        return new Recomputed(tape, out);
    }

    /** One recomputed bias block and the tape that can backpropagate through it. */
    record Recomputed(Tape tape, Tensor bias) {
        float[] data() {
            return bias.data();
        }

        /** Backpropagates dz (B, NH, T, n), the gradient of the block's scores. */
        void backward(float[] dz) {
            tape.backward(bias, dz);
        }
    }

    /**
     * Whether the encoding adds a value term, probed once with {@code out} (B, NH, T, HS), the
     * attention output (left unchanged), and zero probabilities of a single key.
     */
    boolean mixes(Tensor out) {
        if (mixes == null) {
            mixes = encoding.mixValues(Tape.inference(pool), out, Tensor.zeros(B, NH, T, 1), queryPos, keys(0, 1)) != out;
        }
        return mixes;
    }

    /** The value term (B, NH, T, HS) of the probabilities pw (B, NH, T, n) of keys [j0, j1). */
    float[] mix(float[] pw, int j0, int j1) {
        Tensor zero = Tensor.zeros(B, NH, T, HS);
        return encoding.mixValues(Tape.inference(pool), zero, Tensor.of(pw, B, NH, T, j1 - j0), queryPos, keys(j0, j1)).data();
    }

    /** dP' (B, NH, T, n): the gradient the value term sends to pw, given dO; also fills the encoding's gradients. */
    float[] mixGrad(float[] pw, float[] dO, int j0, int j1) {
        Tape tape = Tape.recording(pool);
        Tensor probs = Tensor.of(pw, B, NH, T, j1 - j0).withGrad();
        Tensor out = encoding.mixValues(tape, Tensor.zeros(B, NH, T, HS), probs, queryPos, keys(j0, j1));
        tape.backward(out, dO);
        return probs.grad();
    }

    /** The positions of keys [j0, j1). */
    private Positions keys(int j0, int j1) {
        if (keyPos.isRange()) {
            return Positions.range(keyPos.at(0, j0), j1 - j0);
        }
        int[][] rows = new int[B][j1 - j0];
        for (int b = 0; b < B; b++) {
            for (int j = j0; j < j1; j++) {
                rows[b][j - j0] = keyPos.at(b, j);
            }
        }
        return Positions.of(rows);
    }
}
