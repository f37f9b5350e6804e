package io.github.swapformer.experiments.workload;

import io.github.swapformer.core.random.Rng;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import java.util.Arrays;

/**
 * A synthetic example read as "translation" (Vaswani et al. 2017, §3; Raffel et al. 2020, §2.4
 * cast every task as text to text): the source is the prompt the encoder reads — the tokens before
 * the answer, without the {@link Vocabulary#SEP} that only tells a decoder-only model where the
 * answer starts — and the target is the answer the decoder writes.
 */
public record TranslationPair(int[] source, int[] target) {
    public TranslationPair {
        if (source == null || source.length == 0 || target == null || target.length == 0) {
            throw new IllegalArgumentException("a translation pair needs a non-empty source and target, got "
                    + (source == null ? "null" : source.length) + " and " + (target == null ? "null" : target.length)
                    + " tokens");
        }
        source = source.clone();
        target = target.clone();
    }

    /** The pair of a (prompt, answer) example: prompt (less a final SEP) to answer. */
    public static TranslationPair of(Example e) {
        int[] tokens = e.tokens();
        int sourceEnd = tokens[e.answerStart() - 1] == Vocabulary.SEP ? e.answerStart() - 1 : e.answerStart();
        return new TranslationPair(Arrays.copyOfRange(tokens, 0, sourceEnd),
                Arrays.copyOfRange(tokens, e.answerStart(), tokens.length));
    }

    /**
     * A pair of size n of {@code task}, for its lengths: every task's source and target lengths
     * depend on n alone (not on the tokens drawn), so any stream gives the same.
     */
    public static TranslationPair atSize(TaskKind task, int n) {
        return of(task.example(new Rng(0), n));
    }

    /**
     * The example the decoder is trained and scored on: {@code [start] + target}, answer from 1, so
     * that its input is {@code [start] + target[0 … m−2]} (teacher forcing) and every input position
     * predicts the next target token.
     */
    public Example decoderExample(int startId) {
        int[] tokens = new int[target.length + 1];
        tokens[0] = startId;
        System.arraycopy(target, 0, tokens, 1, target.length);
        return new Example(tokens, 1);
    }

    @Override
    public int[] source() {
        return source.clone();
    }

    @Override
    public int[] target() {
        return target.clone();
    }

    /** The source length, without copying. */
    public int sourceLength() {
        return source.length;
    }

    /** The target length, without copying. */
    public int targetLength() {
        return target.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranslationPair p && Arrays.equals(source, p.source) && Arrays.equals(target, p.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(source) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return Vocabulary.render(source) + " -> " + Vocabulary.render(target);
    }
}
