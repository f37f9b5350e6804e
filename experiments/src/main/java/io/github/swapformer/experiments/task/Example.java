package io.github.swapformer.experiments.task;

import io.github.swapformer.core.ops.Losses;

/**
 * One (prompt, answer) sequence: {@code tokens} is the prompt followed by the answer, and the
 * answer starts at {@code answerStart}. A decoder reads {@code tokens[0 … n−2]} and is scored on
 * predicting each answer token from everything before it; prompt positions carry no loss.
 */
public record Example(int[] tokens, int answerStart) {
    public Example {
        if (tokens == null || tokens.length < 2) {
            throw new IllegalArgumentException("an example needs at least 2 tokens, got "
                    + (tokens == null ? "null" : tokens.length));
        }
        if (answerStart < 1 || answerStart >= tokens.length) {
            throw new IllegalArgumentException("answerStart " + answerStart + " is outside [1, " + tokens.length + ")");
        }
    }

    /** The length of the decoder input: every token but the last. */
    public int inputLength() {
        return tokens.length - 1;
    }

    /** The number of answer tokens. */
    public int answerLength() {
        return tokens.length - answerStart;
    }

    /** The target at input position t: the next token where it is an answer token, else the ignore index. */
    public int target(int t) {
        return t + 1 >= answerStart ? tokens[t + 1] : Losses.IGNORE_INDEX;
    }

    @Override
    public String toString() {
        return Vocabulary.render(tokens) + " (answer from " + answerStart + ")";
    }
}
