package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final Parallel POOL = Parallel.of(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    /**
     * A model whose next-token probabilities depend only on the last token: after the prompt
     * (token 3), P(0 = EOS) 0.4, P(1) 0.35, P(2) 0.25; after 1 or 2, P(EOS) 0.9 and 0.05 each;
     * token 3 (the prompt) has probability 1e-12 everywhere.
     */
    static final class MarkovModel implements LanguageModel {
        private static final double[][] NEXT = {
                {1.0 / 3, 1.0 / 3, 1.0 / 3, 1e-12}, {0.9, 0.05, 0.05, 1e-12}, {0.9, 0.05, 0.05, 1e-12},
                {0.4, 0.35, 0.25, 1e-12}};

        @Override
        public int vocabSize() {
            return 4;
        }

        @Override
        public int maxLength() {
            return 100;
        }

        @Override
        public State start(int batch) {
            return new State() {
                int rows = batch;
                int length;

                @Override
                public int batch() {
                    return rows;
                }

                @Override
                public int length() {
                    return length;
                }

                @Override
                public Tensor feed(Tape tape, int[] ids, int n) {
                    Tensor logits = Tensor.zeros(rows, n, 4);
                    for (int i = 0; i < ids.length; i++) {
                        for (int v = 0; v < 4; v++) {
                            logits.data()[i * 4 + v] = (float) Math.log(NEXT[ids[i]][v]);
                        }
                    }
                    length += n;
                    return logits;
                }

                @Override
                public void reorder(int[] r) {
                    rows = r.length;
                }
            };
        }
    }

    /** With α = 0 the lone EOS (log 0.4) beats "1 EOS" (log 0.315); with α = 1 "1 EOS" wins (−0.578 > −0.916). */
    @Test
    void theLengthPenaltyDecidesBetweenShortAndLongHypotheses() {
        Generator g = new Generator(new MarkovModel(), POOL);
        GenerationSpec spec = GenerationSpec.greedy(5).withStopTokens(0);
        assertArrayEquals(new int[] {0}, g.generate(new int[] {3}, spec.withDecoding(new Decoding.Beam(2, 0.0))));
        assertArrayEquals(new int[] {1, 0}, g.generate(new int[] {3}, spec.withDecoding(new Decoding.Beam(2, 1.0))));
        assertArrayEquals(new int[] {0}, g.generate(new int[] {3}, spec.withDecoding(new Decoding.Beam(1, 1.0))));
    }

    /**
     * A beam as wide as every sequence is exhaustive: with α = 0 (so no longer sequence can gain)
     * it finds the most likely continuation by brute force over the uncached model, with a stop token.
     */
    @Test
    void aWideEnoughBeamFindsTheMostLikelySequence() {
        DecoderOnlyModel model = TinyModels.llama(21);
        int V = TinyModels.VOCAB;
        int[] prompt = {5, 2};
        int steps = 3;
        int stop = 4;
        double bestScore = Double.NEGATIVE_INFINITY;
        int[] best = null;
        for (int[] seq : sequences(V, steps, stop)) {
            double s = logProbability(model, prompt, seq);
            if (s > bestScore) {
                bestScore = s;
                best = seq;
            }
        }
        GenerationSpec spec = GenerationSpec.greedy(steps).withStopTokens(stop).withDecoding(new Decoding.Beam(V * V, 0.0));
        int[] found = new Generator(LanguageModel.of(model), POOL).generate(prompt, spec);
        assertArrayEquals(best, found, "best " + Arrays.toString(best) + " (log p " + bestScore + ")");
        int[] greedy = new Generator(LanguageModel.of(model), POOL).generate(prompt, GenerationSpec.greedy(steps).withStopTokens(stop));
        assertEquals(true, logProbability(model, prompt, found) >= logProbability(model, prompt, greedy) - 1e-9);
    }

    /** Every sequence of at most {@code steps} tokens that ends at the stop token or has exactly {@code steps} tokens without it. */
    private static List<int[]> sequences(int V, int steps, int stop) {
        List<int[]> out = new ArrayList<>();
        List<int[]> open = List.of(new int[0]);
        for (int s = 0; s < steps; s++) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : open) {
                for (int v = 0; v < V; v++) {
                    int[] seq = GeneratorTest.concat(prefix, new int[] {v});
                    if (v == stop || s == steps - 1) {
                        out.add(seq);
                    } else {
                        next.add(seq);
                    }
                }
            }
            open = next;
        }
        return out;
    }

    private static double logProbability(DecoderOnlyModel model, int[] prompt, int[] seq) {
        int[] all = GeneratorTest.concat(prompt, seq);
        int T = all.length - 1;
        int V = model.config().vocabSize();
        float[] logits = model.logits(Tape.inference(POOL), Arrays.copyOf(all, T), 1, T).data();
        double sum = 0;
        for (int i = 0; i < seq.length; i++) {
            int off = (prompt.length - 1 + i) * V;
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < V; v++) {
                max = Math.max(max, logits[off + v]);
            }
            double z = 0;
            for (int v = 0; v < V; v++) {
                z += Math.exp(logits[off + v] - max);
            }
            sum += logits[off + seq[i]] - max - Math.log(z);
        }
        return sum;
    }
}
