package io.github.swapformer.arch.generate;

import io.github.swapformer.core.kernel.ReductionKernels;
import io.github.swapformer.core.random.Rng;
import java.util.Arrays;

/**
 * Chooses one token from a row of logits: the argmax, or a draw after temperature, top-k (Fan et
 * al. 2018) and top-p (Holtzman et al. 2020, arXiv 1904.09751), applied in that order as Hugging
 * Face's logits warpers do. Probabilities are computed in double; candidates are ordered by logit,
 * ties by id, so a seed always gives the same draw.
 */
final class TokenSampler {
    private TokenSampler() {
    }

    /** The id of the largest of {@code logits[off … off+V)}; ties go to the smallest id. */
    static int argmax(float[] logits, int off, int V) {
        return ReductionKernels.argmax(logits, off, V);
    }

    /** A draw from {@code logits[off … off+V)} under {@code rule}, with one uniform number of {@code rng}. */
    static int sample(float[] logits, int off, int V, Decoding.Sample rule, Rng rng) {
        if (rule.temperature() == 0 || rule.topK() == 1) {
            return argmax(logits, off, V);
        }
        int[] ids = candidates(logits, off, V, rule.topK());
        int n = ids.length;
        double invT = 1.0 / rule.temperature();
        double max = logits[off + ids[0]];
        for (int i = 1; i < n; i++) {
            max = Math.max(max, logits[off + ids[i]]);
        }
        double[] p = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[off + ids[i]] - max) * invT);
            total += p[i];
        }
        if (rule.topP() < 1) {
            n = nucleus(ids, p, total, rule.topP());
            total = 0;
            for (int i = 0; i < n; i++) {
                total += p[i];
            }
        }
        double u = rng.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += p[i];
            if (u < cumulative) {
                return ids[i];
            }
        }
        return ids[n - 1]; // u within rounding of the total
    }

    /** All ids (in id order), or the {@code k} most likely ones (by logit, ties by id) when 0 < k < V. */
    private static int[] candidates(float[] logits, int off, int V, int k) {
        if (k <= 0 || k >= V) {
            int[] all = new int[V];
            for (int v = 0; v < V; v++) {
                all[v] = v;
            }
            return all;
        }
        long[] keys = new long[V];
        for (int v = 0; v < V; v++) {
            keys[v] = key(logits[off + v], v);
        }
        Arrays.sort(keys);
        int[] top = new int[k];
        for (int i = 0; i < k; i++) {
            top[i] = (int) keys[i];
        }
        return top;
    }

    /**
     * Reorders ids and p by decreasing probability (ties by id) and returns how many of the first
     * make up the nucleus: the fewest whose mass reaches {@code topP}·total (at least one).
     * Tokens below (1 − topP)/(n − 1) of the total can never be needed (llama2.c's cut), so only
     * the others are sorted.
     */
    private static int nucleus(int[] ids, double[] p, double total, double topP) {
        int n = ids.length;
        double cutoff = n > 1 ? (1 - topP) / (n - 1) * total : 0;
        long[] keys = new long[n];
        double[] byId = p.clone();
        int[] origin = ids.clone();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (byId[i] >= cutoff) {
                keys[kept++] = key((float) byId[i], i);
            }
        }
        Arrays.sort(keys, 0, kept);
        double target = topP * total;
        double cumulative = 0;
        int size = 0;
        while (size < kept) {
            int i = (int) keys[size];
            ids[size] = origin[i];
            p[size] = byId[i];
            cumulative += p[size];
            size++;
            if (cumulative >= target) {
                break;
            }
        }
        return size;
    }

    /** A long whose ascending order is descending {@code value}, then ascending {@code index}. */
    private static long key(float value, int index) {
        int bits = Float.floatToIntBits(value);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ascending << 32) | (index & 0xffffffffL);
    }
}
