package io.github.swapformer.experiments.workload;

import io.github.swapformer.experiments.task.Batch;
import io.github.swapformer.experiments.task.Vocabulary;
import java.util.Arrays;
import java.util.List;

/**
 * Translation pairs packed for an encoder-decoder: sources right-padded with {@link Vocabulary#PAD}
 * to (B, S) — the model hides [PAD] keys from self- and cross-attention — and the decoder side as
 * a {@link Batch} of {@link TranslationPair#decoderExample}s: inputs {@code [start] + target[0 … m−2]}
 * right-padded to (B, T), targets the ignore index at padding. Right padding of the target needs no
 * mask beyond the causal one: a real position never sees a later pad.
 *
 * @param sources      (B·S) source ids, row-major
 * @param sourceLength S, the longest source of the batch
 * @param decoder      the decoder's inputs and targets, (B, T)
 */
public record TranslationBatch(int[] sources, int sourceLength, Batch decoder, List<TranslationPair> pairs) {

    /** Packs {@code pairs}; the decoder starts from {@code startId}. */
    public static TranslationBatch of(List<TranslationPair> pairs, int startId) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a translation batch needs at least one pair");
        }
        int length = 0;
        for (TranslationPair p : pairs) {
            length = Math.max(length, p.sourceLength());
        }
        int[] sources = new int[pairs.size() * length];
        Arrays.fill(sources, Vocabulary.PAD);
        for (int r = 0; r < pairs.size(); r++) {
            System.arraycopy(pairs.get(r).source(), 0, sources, r * length, pairs.get(r).sourceLength());
        }
        Batch decoder = Batch.of(pairs.stream().map(p -> p.decoderExample(startId)).toList());
        return new TranslationBatch(sources, length, decoder, List.copyOf(pairs));
    }

    /** B. */
    public int batch() {
        return decoder.batch();
    }

    /** T, the longest target of the batch. */
    public int targetLength() {
        return decoder.length();
    }
}
