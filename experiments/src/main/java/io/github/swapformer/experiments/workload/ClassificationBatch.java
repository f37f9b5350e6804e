package io.github.swapformer.experiments.workload;

import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.Vocabulary;
import java.util.Arrays;
import java.util.List;

/**
 * Single-token-answer examples as an encoder classification batch (Devlin et al. 2019, §4.1):
 * each row {@code [CLS] x₁…xₙ [SEP]} right-padded with [PAD] (the model hides [PAD] keys), and
 * one class per row: the index of the example's answer among the task's labels.
 *
 * @param ids     (B, T) row-major token ids
 * @param classes (B) class indices
 */
record ClassificationBatch(int[] ids, int[] classes, int batch, int length) {

    /** The batch of {@code examples}, whose answers must be among {@code labels}. */
    static ClassificationBatch of(List<Example> examples, int[] labels) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int length = 0;
        for (Example e : examples) {
            length = Math.max(length, inputLength(e));
        }
        int b = examples.size();
        int[] ids = new int[b * length];
        int[] classes = new int[b];
        Arrays.fill(ids, Vocabulary.PAD);
        for (int r = 0; r < b; r++) {
            Example e = examples.get(r);
            if (e.answerLength() != 1) {
                throw new IllegalArgumentException("classification needs a one-token answer, got " + e);
            }
            ids[r * length] = EncoderVocabulary.CLS;
            // tokens before the answer: the prompt and the task's own [SEP], which closes the encoder input
            System.arraycopy(e.tokens(), 0, ids, r * length + 1, e.answerStart());
            classes[r] = classOf(e.tokens()[e.answerStart()], labels, e);
        }
        return new ClassificationBatch(ids, classes, b, length);
    }

    /** The encoder input length of an example: [CLS], the prompt, [SEP]. */
    static int inputLength(Example e) {
        return e.answerStart() + 1;
    }

    private static int classOf(int answer, int[] labels, Example e) {
        for (int c = 0; c < labels.length; c++) {
            if (labels[c] == answer) {
                return c;
            }
        }
        throw new IllegalArgumentException("answer " + Vocabulary.render(new int[] {answer}) + " of " + e
                + " is not among the labels " + Vocabulary.render(labels));
    }
}
