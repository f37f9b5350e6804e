package io.github.swapformer.arch.generate;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;

/**
 * What a {@link Generator} needs of a model: the next-token logits of a growing sequence, computed
 * incrementally. A decoder-only model implements it with its KV cache ({@link #of(DecoderOnlyModel)});
 * an encoder-decoder encodes its source once and decodes against that memory
 * ({@link #of(EncoderDecoderModel, int[], Parallel)}).
 */
public interface LanguageModel {
    /** The number of token ids the model scores. */
    int vocabSize();

    /** The longest sequence (prompt and generated tokens) the model can see; {@code Integer.MAX_VALUE} if unbounded. */
    int maxLength();

    /** A fresh decoding state of {@code batch} empty sequences. */
    State start(int batch);

    /** The sequences decoded so far, batch row by batch row, and their cached keys and values. */
    interface State {
        /** The number of rows. */
        int batch();

        /** The number of tokens fed to every row so far. */
        int length();

        /**
         * Appends {@code length} tokens to every row ({@code ids} row-major, batch·length of them)
         * and returns their logits (batch, length, V), each seeing every earlier token of its row.
         */
        Tensor feed(Tape tape, int[] ids, int length);

        /** Keeps the rows {@code rows}, in that order (a row may repeat): the batch becomes rows.length. */
        void reorder(int[] rows);
    }

    /** A decoder-only model decoded with its KV cache. */
    static LanguageModel of(DecoderOnlyModel model) {
        return new DecoderOnlyLanguageModel(model);
    }

    /**
     * An encoder-decoder continuing {@code source} (its [PAD] tokens hidden): encoded once now,
     * decoded with the decoder's KV cache; prompts are decoder prefixes, e.g. {@code {model.decoderStartId()}}.
     */
    static LanguageModel of(EncoderDecoderModel model, int[] source, Parallel pool) {
        return new EncoderDecoderLanguageModel(model, source, pool);
    }
}
