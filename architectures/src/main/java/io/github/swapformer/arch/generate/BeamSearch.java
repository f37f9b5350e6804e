package io.github.swapformer.arch.generate;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search (Wu et al. 2016, arXiv 1609.08144) as Hugging Face's {@code BeamSearchScorer} does
 * it: at each step the best 2·W continuations of the W live hypotheses are ranked by summed
 * log-probability; a stop token among the first W ends a hypothesis, scored by sum / length^α
 * (length = generated tokens, the stop token counted); the next W others continue. The search ends
 * when W hypotheses are finished and no live one can beat the worst of them, or at the maximum
 * length, where the live hypotheses join the finished ones. The hypotheses are the rows of one
 * batch; their KV caches follow them by {@link LanguageModel.State#reorder}.
 */
final class BeamSearch {
    private record Hypothesis(int[] tokens, double score) {
    }

    private record Candidate(int beam, int token, double score) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token);

    private final LanguageModel model;
    private final Tape tape;
    private final int width;
    private final double alpha;
    private final GenerationSpec spec;

    BeamSearch(LanguageModel model, Tape tape, Decoding.Beam beam, GenerationSpec spec) {
        this.model = model;
        this.tape = tape;
        this.width = beam.width();
        this.alpha = beam.lengthPenalty();
        this.spec = spec;
    }

    /** The best hypothesis's generated tokens for {@code prompt}. */
    int[] run(int[] prompt) {
        LanguageModel.State state = model.start(1);
        Tensor logits = state.feed(tape, prompt, prompt.length);
        List<Hypothesis> live = List.of(new Hypothesis(new int[0], 0));
        List<Hypothesis> finished = new ArrayList<>();
        for (int step = 0; step < spec.maxNewTokens(); step++) {
            int generated = step + 1;
            List<Candidate> ranked = best(logits, live);
            List<Hypothesis> next = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int rank = 0; rank < ranked.size() && next.size() < width; rank++) {
                Candidate c = ranked.get(rank);
                int[] tokens = append(live.get(c.beam()).tokens(), c.token());
                if (spec.stops(c.token())) {
                    if (rank < width) {
                        addFinished(finished, new Hypothesis(tokens, normalized(c.score(), generated)));
                    }
                } else {
                    next.add(new Hypothesis(tokens, c.score()));
                    rows.add(c.beam());
                }
            }
            if (next.isEmpty() || isDone(finished, next.get(0).score(), generated)) {
                break;
            }
            if (step == spec.maxNewTokens() - 1) {
                for (Hypothesis h : next) {
                    addFinished(finished, new Hypothesis(h.tokens(), normalized(h.score(), generated)));
                }
                break;
            }
            state.reorder(rows.stream().mapToInt(Integer::intValue).toArray());
            int[] ids = new int[next.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = next.get(i).tokens()[step];
            }
            logits = state.feed(tape, ids, 1);
            live = next;
        }
        Hypothesis best = finished.get(0);
        for (Hypothesis h : finished) {
            if (h.score() > best.score()) {
                best = h;
            }
        }
        return best.tokens();
    }

    /** The best 2·W (beam, token) continuations by summed log-probability, best first. */
    private List<Candidate> best(Tensor logits, List<Hypothesis> live) {
        int V = model.vocabSize();
        int T = logits.dim(1);
        int keep = Math.min(2 * width, live.size() * V);
        Candidate[] top = new Candidate[keep];
        int size = 0;
        double[] logProbs = new double[V];
        for (int beam = 0; beam < live.size(); beam++) {
            logSoftmax(logits.data(), (beam * T + T - 1) * V, V, logProbs);
            double base = live.get(beam).score();
            for (int v = 0; v < V; v++) {
                double s = base + logProbs[v];
                if (size < keep) {
                    top[size++] = new Candidate(beam, v, s);
                    if (size == keep) {
                        Arrays.sort(top, BEST_FIRST);
                    }
                } else if (s > top[keep - 1].score()) {
                    insert(top, new Candidate(beam, v, s));
                }
            }
        }
        Arrays.sort(top, 0, size, BEST_FIRST);
        return Arrays.asList(top).subList(0, size);
    }

    /** Inserts c into the sorted full array, dropping its last (worst) entry. */
    private static void insert(Candidate[] top, Candidate c) {
        int i = top.length - 1;
        while (i > 0 && BEST_FIRST.compare(c, top[i - 1]) < 0) {
            top[i] = top[i - 1];
            i--;
        }
        top[i] = c;
    }

    /** HF's heuristic (early_stopping=False): done when the best live sum at this length cannot beat the worst kept. */
    private boolean isDone(List<Hypothesis> finished, double bestLiveSum, int generated) {
        if (finished.size() < width) {
            return false;
        }
        double worst = Double.POSITIVE_INFINITY;
        for (Hypothesis h : finished) {
            worst = Math.min(worst, h.score());
        }
        return worst >= normalized(bestLiveSum, generated);
    }

    /** Adds h and keeps only the best W finished hypotheses. */
    private void addFinished(List<Hypothesis> finished, Hypothesis h) {
        finished.add(h);
        if (finished.size() > width) {
            Hypothesis worst = finished.get(0);
            for (Hypothesis f : finished) {
                if (f.score() < worst.score()) {
                    worst = f;
                }
            }
            finished.remove(worst);
        }
    }

    private double normalized(double sum, int length) {
        return sum / Math.pow(length, alpha);
    }

    private static int[] append(int[] tokens, int token) {
        int[] out = Arrays.copyOf(tokens, tokens.length + 1);
        out[tokens.length] = token;
        return out;
    }

    private static void logSoftmax(float[] logits, int off, int V, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, logits[off + v]);
        }
        double sum = 0;
        for (int v = 0; v < V; v++) {
            sum += Math.exp(logits[off + v] - max);
        }
        double log = max + Math.log(sum);
        for (int v = 0; v < V; v++) {
            out[v] = logits[off + v] - log;
        }
    }
}
