package io.github.swapformer.experiments.text;

import java.nio.file.Path;

/**
 * Which text a language model learns and how it is tokenized: the study spec's {@code corpus:}
 * mapping ({@code file}, {@code tokenizer}, {@code vocab_size}) and the command line's
 * {@code --corpus/--tokenizer/--vocab-size}.
 *
 * @param vocabSize the BPE vocabulary size (bytes + merges + end-of-text); 0 for byte and char, whose
 *                  vocabulary the text decides
 */
public record CorpusSpec(Path file, TokenizerKind tokenizer, int vocabSize) {
    /** The BPE vocabulary size when none is given. */
    public static final int DEFAULT_BPE_VOCAB = 512;

    public CorpusSpec {
        if (file == null) {
            throw new IllegalArgumentException("corpus.file is required: the path of a UTF-8 text file");
        }
        if (tokenizer == null) {
            tokenizer = TokenizerKind.BYTE;
        }
        if (tokenizer == TokenizerKind.BPE) {
            vocabSize = vocabSize == 0 ? DEFAULT_BPE_VOCAB : vocabSize;
            if (vocabSize < ByteTokenizer.SIZE) {
                throw new IllegalArgumentException("corpus.vocab_size " + vocabSize + " must be at least "
                        + ByteTokenizer.SIZE + " for bpe (256 byte values and the end-of-text marker)");
            }
        } else if (vocabSize != 0) {
            throw new IllegalArgumentException("corpus.vocab_size " + vocabSize + " applies to the bpe tokenizer only; the "
                    + tokenizer.id() + " tokenizer takes its vocabulary from the text");
        }
    }

    /** The tokenizer settings in a fixed textual form (part of a cell's identity). */
    public String tokenizerSettings() {
        return tokenizer == TokenizerKind.BPE ? "bpe" + vocabSize : tokenizer.id();
    }
}
