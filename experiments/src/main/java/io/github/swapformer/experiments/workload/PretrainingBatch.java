package io.github.swapformer.experiments.workload;

import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.experiments.task.Vocabulary;
import java.util.Arrays;
import java.util.List;

/**
 * MLM + NSP examples packed as a (B, T) encoder batch, right-padded with [PAD] (segment 0, no
 * target). Each row is {@code [CLS] A [SEP] B [SEP]}, segment 0 up to the first [SEP] and 1 after
 * it (Devlin et al. 2019, Figure 2), corrupted by {@link MlmMasking}.
 *
 * @param ids        (B, T) corrupted token ids
 * @param segments   (B, T) segment ids
 * @param mlmTargets (B, T) original tokens at the chosen positions, ignore index elsewhere
 * @param nspLabels  (B) 0 when B is the next sentence, 1 when random (as BERT)
 */
record PretrainingBatch(int[] ids, int[] segments, int[] mlmTargets, int[] nspLabels, int batch, int length) {

    /** One masked example: a sentence pair of n tokens each, then its corruption, both from {@code rng}. */
    record Example(int[] ids, int[] segments, int[] mlmTargets, int nspLabel) {
        static Example draw(Rng rng, int n) {
            SentencePairs.Pair pair = SentencePairs.draw(rng, n);
            int[] ids = new int[2 * n + 3];
            int[] segments = new int[ids.length];
            ids[0] = EncoderVocabulary.CLS;
            System.arraycopy(pair.a(), 0, ids, 1, n);
            ids[n + 1] = Vocabulary.SEP;
            System.arraycopy(pair.b(), 0, ids, n + 2, n);
            ids[2 * n + 2] = Vocabulary.SEP;
            Arrays.fill(segments, n + 2, ids.length, 1);
            int[] targets = MlmMasking.apply(rng, ids);
            return new Example(ids, segments, targets, pair.isNext() ? 0 : 1);
        }
    }

    static PretrainingBatch of(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int length = 0;
        for (Example e : examples) {
            length = Math.max(length, e.ids().length);
        }
        int b = examples.size();
        int[] ids = new int[b * length];
        int[] segments = new int[b * length];
        int[] targets = new int[b * length];
        int[] nsp = new int[b];
        Arrays.fill(ids, Vocabulary.PAD);
        Arrays.fill(targets, Losses.IGNORE_INDEX);
        for (int r = 0; r < b; r++) {
            Example e = examples.get(r);
            System.arraycopy(e.ids(), 0, ids, r * length, e.ids().length);
            System.arraycopy(e.segments(), 0, segments, r * length, e.ids().length);
            System.arraycopy(e.mlmTargets(), 0, targets, r * length, e.ids().length);
            nsp[r] = e.nspLabel();
        }
        return new PretrainingBatch(ids, segments, targets, nsp, b, length);
    }
}
