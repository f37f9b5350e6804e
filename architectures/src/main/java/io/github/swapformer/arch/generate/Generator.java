package io.github.swapformer.arch.generate;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.WeightPanels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Autoregressive generation with the KV cache: the prompts are fed in one forward pass (prefill),
 * then one token per row per step. Greedy decoding and sampling run several prompts as one batch
 * (prompts of equal length share a batch; each row stops at its own stop token); beam search runs
 * one prompt at a time with its hypotheses as the batch ({@link BeamSearch}).
 */
public final class Generator {
    /** The purpose of the per-row sampling streams, {@code Seeds.derive(seed, SAMPLING, row)}. */
    public static final String SAMPLING = "sampling";

    private final LanguageModel model;
    private final Parallel pool;
    /** The weights in decoding layout, kept between calls (repacked in place at each: they may have changed). */
    private final WeightPanels panels = new WeightPanels();

    public Generator(LanguageModel model, Parallel pool) {
        if (model == null || pool == null) {
            throw new IllegalArgumentException("model and pool are required (got " + model + ", " + pool + ")");
        }
        this.model = model;
        this.pool = pool;
    }

    /** The tokens generated after {@code prompt} (the stop token that ended them included). */
    public int[] generate(int[] prompt, GenerationSpec spec) {
        return generate(new int[][] {prompt}, spec)[0];
    }

    /** The tokens generated after each prompt, in the order of the prompts (one call at a time: they share the weight layouts). */
    public synchronized int[][] generate(int[][] prompts, GenerationSpec spec) {
        if (prompts == null || prompts.length == 0) {
            throw new IllegalArgumentException("prompts is empty; give at least one prompt");
        }
        for (int r = 0; r < prompts.length; r++) {
            checkPrompt(r, prompts[r], spec.maxNewTokens());
        }
        int[][] out = new int[prompts.length][];
        if (spec.decoding() instanceof Decoding.Beam beam) {
            BeamSearch search = new BeamSearch(model, Tape.decoding(pool, panels), beam, spec);
            for (int r = 0; r < prompts.length; r++) {
                out[r] = search.run(prompts[r]);
            }
            return out;
        }
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int r = 0; r < prompts.length; r++) {
            byLength.computeIfAbsent(prompts[r].length, k -> new ArrayList<>()).add(r);
        }
        Tape tape = Tape.decoding(pool, panels); // the weights in a layout for decoding steps, packed once per call
        for (List<Integer> rows : byLength.values()) {
            int[][] generated = batch(tape, prompts, rows, spec);
            for (int i = 0; i < rows.size(); i++) {
                out[rows.get(i)] = generated[i];
            }
        }
        return out;
    }

    /** Greedy or sampled decoding of the prompts {@code rows}, all of one length, as one batch. */
    private int[][] batch(Tape tape, int[][] prompts, List<Integer> rows, GenerationSpec spec) {
        int B = rows.size();
        int T = prompts[rows.get(0)].length;
        int V = model.vocabSize();
        int[] ids = new int[B * T];
        Rng[] rngs = new Rng[B];
        for (int b = 0; b < B; b++) {
            System.arraycopy(prompts[rows.get(b)], 0, ids, b * T, T);
            rngs[b] = new Rng(Seeds.derive(spec.seed(), SAMPLING, rows.get(b)));
        }
        LanguageModel.State state = model.start(B);
        Tensor logits = state.feed(tape, ids, T);
        int[][] tokens = new int[B][spec.maxNewTokens()];
        int[] count = new int[B];
        boolean[] done = new boolean[B];
        int[] next = new int[B];
        for (int step = 0; step < spec.maxNewTokens(); step++) {
            float[] rowLogits = logits.data();
            int positions = logits.dim(1);
            // each row's choice reads only its logits and its own stream: rows in parallel, same tokens
            pool.forRange(B, 1, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    if (!done[b]) {
                        next[b] = choose(rowLogits, (b * positions + positions - 1) * V, V, spec.decoding(), rngs[b]);
                    }
                }
            });
            int live = 0;
            for (int b = 0; b < B; b++) {
                if (!done[b]) {
                    tokens[b][count[b]++] = next[b];
                    done[b] = spec.stops(next[b]);
                }
                live += done[b] ? 0 : 1;
            }
            if (live == 0 || step == spec.maxNewTokens() - 1) {
                break;
            }
            logits = state.feed(tape, next, 1); // finished rows repeat their last token; their logits are ignored
        }
        int[][] out = new int[B][];
        for (int b = 0; b < B; b++) {
            out[b] = Arrays.copyOf(tokens[b], count[b]);
        }
        return out;
    }

    private static int choose(float[] logits, int off, int V, Decoding decoding, Rng rng) {
        if (decoding instanceof Decoding.Sample s) {
            return TokenSampler.sample(logits, off, V, s, rng);
        }
        return TokenSampler.argmax(logits, off, V);
    }

    private void checkPrompt(int row, int[] prompt, int maxNewTokens) {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("prompt " + row + " is empty; give at least one token");
        }
        int V = model.vocabSize();
        for (int id : prompt) {
            if (id < 0 || id >= V) {
                throw new IllegalArgumentException("prompt " + row + " has token id " + id + ", outside the vocabulary 0.." + (V - 1));
            }
        }
        if ((long) prompt.length + maxNewTokens > model.maxLength()) {
            throw new IllegalArgumentException("prompt " + row + " of " + prompt.length + " tokens + " + maxNewTokens
                    + " new tokens exceed the model's " + model.maxLength() + " positions");
        }
    }
}
