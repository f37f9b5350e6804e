package io.github.swapformer.experiments.workload;

import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.experiments.task.Vocabulary;
import java.util.Arrays;

/**
 * BERT's masked-LM corruption (Devlin et al. 2019, §3.1 and Appendix A.1): each symbol is chosen
 * with probability 15 % (a Bernoulli draw per token, as Hugging Face's
 * {@code DataCollatorForLanguageModeling}, so the rate does not depend on the sentence length);
 * a sequence where none was drawn gets one chosen uniformly, as BERT's {@code max(1, ·)} keeps one
 * prediction per sequence (this raises the rate of very short sequences only: 0.85^k/k for k
 * symbols). Of the chosen tokens 80 % become [MASK], 10 % a uniformly random symbol and 10 % stay;
 * the loss is taken on the chosen positions only. Special tokens are never chosen.
 */
final class MlmMasking {
    static final double CHOOSE = 0.15;
    static final double TO_MASK = 0.8;
    static final double TO_RANDOM = 0.1;

    private MlmMasking() {
    }

    /**
     * Corrupts {@code ids} in place and returns the targets: the original token at each chosen
     * position, {@link Losses#IGNORE_INDEX} elsewhere.
     */
    static int[] apply(Rng rng, int[] ids) {
        int[] targets = new int[ids.length];
        Arrays.fill(targets, Losses.IGNORE_INDEX);
        int candidates = 0;
        int chosen = 0;
        for (int t = 0; t < ids.length; t++) {
            if (EncoderVocabulary.isSymbol(ids[t])) {
                candidates++;
                if (rng.nextDouble() < CHOOSE) {
                    targets[t] = ids[t];
                    chosen++;
                }
            }
        }
        if (chosen == 0 && candidates > 0) {
            int pick = rng.nextInt(candidates);
            for (int t = 0; t < ids.length; t++) {
                if (EncoderVocabulary.isSymbol(ids[t]) && pick-- == 0) {
                    targets[t] = ids[t];
                }
            }
        }
        for (int t = 0; t < ids.length; t++) {
            if (targets[t] != Losses.IGNORE_INDEX) {
                double u = rng.nextDouble();
                if (u < TO_MASK) {
                    ids[t] = EncoderVocabulary.MASK;
                } else if (u < TO_MASK + TO_RANDOM) {
                    ids[t] = Vocabulary.symbol(rng.nextInt(Vocabulary.SYMBOLS));
                }
            }
        }
        return targets;
    }
}
