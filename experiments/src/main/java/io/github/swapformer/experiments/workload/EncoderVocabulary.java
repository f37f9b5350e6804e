package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.model.SpecialIds;
import io.github.swapformer.experiments.task.Vocabulary;

/**
 * The synthetic tasks' {@link Vocabulary} with the two tokens only BERT-style encoders need
 * appended after it (Devlin et al. 2019, §3): [CLS], whose pooled state the heads read, and
 * [MASK], the masked-LM corruption. [PAD] and [SEP] are the task vocabulary's own, so every
 * existing id, and every decoder cell, stays as it is.
 */
public final class EncoderVocabulary {
    /** The first token of every encoder input. */
    public static final int CLS = Vocabulary.SIZE;
    /** Replaces a token chosen for the masked-LM loss (80 % of the time). */
    public static final int MASK = Vocabulary.SIZE + 1;
    /** The vocabulary size of an encoder for these tasks. */
    public static final int SIZE = Vocabulary.SIZE + 2;

    private EncoderVocabulary() {
    }

    /** [PAD], [CLS], [SEP], [MASK] as the model config names them. */
    public static SpecialIds specialIds() {
        return new SpecialIds(Vocabulary.PAD, CLS, Vocabulary.SEP, MASK);
    }

    /** Whether {@code id} is one of the symbols (the tokens MLM may choose and the random replacements). */
    public static boolean isSymbol(int id) {
        return id >= Vocabulary.FIRST_SYMBOL && id < Vocabulary.FIRST_SYMBOL + Vocabulary.SYMBOLS;
    }
}
