package io.github.swapformer.reports.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean reciprocal rank of each variant across tasks, as Kazemnejad et al. 2023 ("The Impact of Positional
 * Encoding on Length Generalization in Transformers", arXiv:2305.19466, Fig. 1/3) summarize length
 * generalization: per task, variants are ranked by their mean score over the extrapolation lengths
 * (rank 1 best, ties share the better rank), and MRR = mean over tasks of 1 / rank.
 */
public final class MeanReciprocalRank {
    private MeanReciprocalRank() {
    }

    public static Map<String, Double> compute(List<String> variants, List<TaskStatistics> tasks) {
        Map<String, Double> mrr = new LinkedHashMap<>();
        for (String variant : variants) {
            double sum = 0;
            int count = 0;
            for (TaskStatistics task : tasks) {
                if (task.seedScores().containsKey(variant)) {
                    sum += 1.0 / task.rankOf(variant);
                    count++;
                }
            }
            mrr.put(variant, count == 0 ? Double.NaN : sum / count);
        }
        return mrr;
    }
}
