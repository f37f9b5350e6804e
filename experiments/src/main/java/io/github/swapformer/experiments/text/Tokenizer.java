package io.github.swapformer.experiments.text;

/**
 * Turns text into token ids and back. Ids are dense in {@code [0, vocabSize())}; every tokenizer
 * ends its vocabulary with an end-of-text marker (GPT-2's {@code <|endoftext|>}), which the corpus
 * never inserts but generation may use to stop. {@code decode(encode(s))} equals {@code s} for
 * every tokenizer that has no unknown id for a character of {@code s}.
 */
public interface Tokenizer {
    /** The text of the end-of-text marker when decoded. */
    String END_OF_TEXT = "<|endoftext|>";

    int[] encode(String text);

    String decode(int[] ids);

    int vocabSize();

    /** The id of the end-of-text marker: the last id. */
    default int endOfTextId() {
        return vocabSize() - 1;
    }

    TokenizerKind kind();

    /** Refuses ids outside the vocabulary (decode's argument check), naming the first such id and its index. */
    default void checkIds(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at index " + i + " is outside [0, "
                        + vocabSize() + ") of the " + kind().id() + " tokenizer");
            }
        }
    }
}
