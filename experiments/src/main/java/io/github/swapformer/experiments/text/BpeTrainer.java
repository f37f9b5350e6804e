package io.github.swapformer.experiments.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns byte-level BPE merges from text (Sennrich et al. 2016, arXiv 1508.07909, Algorithm 1):
 * count the adjacent pairs inside each pre-token (overlapping pairs count, as in GPT-2 and minbpe),
 * merge the most frequent into a new id, repeat until the vocabulary has the requested size.
 * Ties go to the smallest pair (left id, then right id), so training is deterministic. Training
 * stops early when no pair occurs at least twice.
 */
public final class BpeTrainer {
    private final List<int[]> words = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();

    private BpeTrainer(String text) {
        Map<String, Long> freq = new LinkedHashMap<>();
        for (String piece : BpeTokenizer.preTokens(text)) {
            freq.merge(piece, 1L, Long::sum);
        }
        for (Map.Entry<String, Long> e : freq.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] ids = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                ids[i] = b[i] & 0xFF;
            }
            words.add(ids);
            counts.add(e.getValue());
            addPairs(words.size() - 1, +1);
        }
    }

    /**
     * Trains a tokenizer of at most {@code vocabSize} ids (256 bytes + merges + end-of-text) on {@code text}.
     *
     * @throws IllegalArgumentException when vocabSize is below 257 (the bytes and the marker)
     */
    public static BpeTokenizer train(String text, int vocabSize) {
        if (vocabSize < ByteTokenizer.SIZE) {
            throw new IllegalArgumentException("bpe vocab_size " + vocabSize + " must be at least " + ByteTokenizer.SIZE
                    + " (256 byte values and the end-of-text marker)");
        }
        BpeTrainer t = new BpeTrainer(text);
        List<int[]> merges = new ArrayList<>();
        while (256 + merges.size() + 1 < vocabSize) {
            long best = t.mostFrequentPair();
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            t.apply(left, right, 256 + merges.size());
            merges.add(new int[] {left, right});
        }
        return new BpeTokenizer(merges);
    }

    /** The pair with the highest count (at least 2), the smallest key among equals; -1 when none. */
    private long mostFrequentPair() {
        long best = -1;
        long bestCount = 1;
        for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
            long c = e.getValue();
            if (c > bestCount || (c == bestCount && c > 1 && e.getKey() < best)) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best;
    }

    private void apply(int left, int right, int id) {
        Set<Integer> touched = wordsWithPair.getOrDefault(BpeTokenizer.key(left, right), Set.of());
        wordsWithPair.remove(BpeTokenizer.key(left, right));
        for (int w : touched) {
            addPairs(w, -1);
            int[] ids = words.get(w);
            int n = BpeTokenizer.merge(ids, ids.length, left, right, id);
            words.set(w, Arrays.copyOf(ids, n));
            addPairs(w, +1);
        }
        pairCounts.remove(BpeTokenizer.key(left, right));
    }

    /** Adds (sign +1) or removes (-1) word w's pairs, weighted by its count, and indexes the word under them. */
    private void addPairs(int w, int sign) {
        int[] ids = words.get(w);
        long c = counts.get(w) * sign;
        for (int i = 0; i + 1 < ids.length; i++) {
            long k = BpeTokenizer.key(ids[i], ids[i + 1]);
            long v = pairCounts.getOrDefault(k, 0L) + c;
            if (v == 0) {
                pairCounts.remove(k);
            } else {
                pairCounts.put(k, v);
            }
            if (sign > 0) {
                wordsWithPair.computeIfAbsent(k, x -> new HashSet<>()).add(w);
            }
        }
    }
}
