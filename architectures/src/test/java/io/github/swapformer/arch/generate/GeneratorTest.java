package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorTest {
    private static final Parallel POOL = Parallel.of(2);
    private static final int V = TinyModels.VOCAB;

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static LongFunction<DecoderOnlyModel> family(String name) {
        return name.equals("llama") ? TinyModels::llama : TinyModels::gpt;
    }

    /** Prefill 3 tokens, then 6 single-token steps, in a batch of 2: every step's logits equal the uncached pass's. */
    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt"})
    void cachedAndUncachedDecodingGiveTheSameLogits(String name) {
        DecoderOnlyModel model = family(name).apply(3);
        int B = 2;
        int T = 9;
        int[] ids = {1, 5, 2, 7, 7, 0, 12, 3, 4, 6, 6, 11, 2, 9, 1, 8, 10, 5};
        float[] full = model.logits(Tape.inference(POOL), ids, B, T).data();
        LanguageModel.State state = LanguageModel.of(model).start(B);
        int prefill = 3;
        for (int t = 0; t < T; ) {
            int n = t == 0 ? prefill : 1;
            int[] step = new int[B * n];
            for (int b = 0; b < B; b++) {
                System.arraycopy(ids, b * T + t, step, b * n, n);
            }
            float[] cached = state.feed(Tape.inference(POOL), step, n).data();
            for (int b = 0; b < B; b++) {
                for (int i = 0; i < n * V; i++) {
                    double expected = full[(b * T + t) * V + i];
                    double err = Math.abs(cached[b * n * V + i] - expected);
                    assertTrue(err <= 1e-5 * Math.max(1, Math.abs(expected)),
                            name + ": row " + b + ", position " + (t + i / V) + ": cached " + cached[b * n * V + i] + " vs " + expected);
                }
            }
            t += n;
        }
        assertEquals(T, state.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt"})
    void greedyPicksTheArgmaxOfTheUncachedModelAtEveryStep(String name) {
        DecoderOnlyModel model = family(name).apply(4);
        int[] prompt = {3, 1, 4};
        int[] generated = new Generator(LanguageModel.of(model), POOL).generate(prompt, GenerationSpec.greedy(12));
        assertEquals(12, generated.length);
        int[] all = concat(prompt, generated);
        int T = all.length - 1;
        float[] logits = model.logits(Tape.inference(POOL), Arrays.copyOf(all, T), 1, T).data();
        for (int i = 0; i < generated.length; i++) {
            int pos = prompt.length - 1 + i;
            assertEquals(TokenSampler.argmax(logits, pos * V, V), generated[i], name + ": token " + i);
        }
        assertTrue(Arrays.stream(generated).distinct().count() > 1, "a peaked random model should not repeat one token: "
                + Arrays.toString(generated));
    }

    @Test
    void beamWidthOneIsGreedy() {
        Generator g = new Generator(LanguageModel.of(TinyModels.llama(5)), POOL);
        int[] prompt = {2, 9};
        GenerationSpec greedy = GenerationSpec.greedy(10);
        int[] expected = g.generate(prompt, greedy);
        assertArrayEquals(expected, g.generate(prompt, greedy.withDecoding(new Decoding.Beam(1, 1.0))));
        assertArrayEquals(expected, g.generate(prompt, greedy.withDecoding(new Decoding.Beam(1, 0.0))));
        int stop = expected[4]; // stopping at a token greedy meets: both stop there (or earlier, at its first occurrence)
        GenerationSpec stopping = greedy.withStopTokens(stop);
        int[] greedyStopped = g.generate(prompt, stopping);
        assertEquals(stop, greedyStopped[greedyStopped.length - 1]);
        assertArrayEquals(greedyStopped, g.generate(prompt, stopping.withDecoding(Decoding.Beam.ofWidth(1))));
    }

    @Test
    void topKOneIsGreedy() {
        Generator g = new Generator(LanguageModel.of(TinyModels.gpt(6)), POOL);
        int[] prompt = {1, 2, 3};
        int[] expected = g.generate(prompt, GenerationSpec.greedy(15));
        for (long seed = 0; seed < 3; seed++) {
            GenerationSpec spec = GenerationSpec.greedy(15).withDecoding(new Decoding.Sample(1.5, 1, 1.0)).withSeed(seed);
            assertArrayEquals(expected, g.generate(prompt, spec));
        }
        assertArrayEquals(expected, g.generate(prompt, GenerationSpec.greedy(15).withDecoding(Decoding.Sample.withTemperature(0))));
    }

    @Test
    void samplingIsReproduciblePerSeedAndDiffersAcrossSeeds() {
        Generator g = new Generator(LanguageModel.of(TinyModels.llama(7)), POOL);
        int[] prompt = {4, 4};
        GenerationSpec spec = GenerationSpec.greedy(20).withDecoding(new Decoding.Sample(1.0, 0, 0.95));
        int[] a = g.generate(prompt, spec.withSeed(11));
        assertArrayEquals(a, g.generate(prompt, spec.withSeed(11)));
        boolean differs = false;
        for (long seed = 12; seed < 16 && !differs; seed++) {
            differs = !Arrays.equals(a, g.generate(prompt, spec.withSeed(seed)));
        }
        assertTrue(differs, "four other seeds all drew " + Arrays.toString(a));
    }

    /** A row's tokens depend only on its prompt and index (sampling streams are per row), not on the other rows. */
    @ParameterizedTest
    @ValueSource(strings = {"greedy", "sample"})
    void batchRowsAreIndependent(String rule) {
        Generator g = new Generator(LanguageModel.of(TinyModels.llama(8)), POOL);
        GenerationSpec spec = GenerationSpec.greedy(8).withSeed(3).withStopTokens(0);
        if (rule.equals("sample")) {
            spec = spec.withDecoding(new Decoding.Sample(0.8, 5, 0.9));
        }
        int[][] prompts = {{1, 2, 3}, {9}, {5, 6, 7}, {12, 11, 10}, {2}};
        int[][] batched = g.generate(prompts, spec);
        for (int r = 0; r < prompts.length; r++) {
            int[][] alone = new int[prompts.length][];
            Arrays.fill(alone, prompts[r]);
            // Row r alone must use row r's sampling stream: generate it at index r of a batch of copies.
            assertArrayEquals(batched[r], g.generate(alone, spec)[r], rule + ": prompt " + r);
        }
    }

    @Test
    void aStopTokenEndsItsRowAndIsKept() {
        Generator g = new Generator(LanguageModel.of(TinyModels.gpt(9)), POOL);
        int[] prompt = {7, 8};
        int[] free = g.generate(prompt, GenerationSpec.greedy(10));
        int[] stopped = g.generate(prompt, GenerationSpec.greedy(10).withStopTokens(free[0]));
        assertArrayEquals(new int[] {free[0]}, stopped);
        int[][] both = g.generate(new int[][] {prompt, {1, 1}}, GenerationSpec.greedy(10).withStopTokens(free[0]));
        assertArrayEquals(stopped, both[0]);
        assertTrue(both[1].length >= 1 && both[1].length <= 10);
    }

    @Test
    void refusesWhatTheModelCannotDo() {
        Generator g = new Generator(LanguageModel.of(TinyModels.gpt(10)), POOL); // 32 learned positions
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> g.generate(new int[30], GenerationSpec.greedy(5)));
        assertTrue(tooLong.getMessage().contains("32 positions"), tooLong.getMessage());
        IllegalArgumentException badId = assertThrows(IllegalArgumentException.class,
                () -> g.generate(new int[] {1, V}, GenerationSpec.greedy(5)));
        assertTrue(badId.getMessage().contains("token id " + V), badId.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.generate(new int[0], GenerationSpec.greedy(5)));
        assertThrows(IllegalArgumentException.class, () -> GenerationSpec.greedy(0));
        assertThrows(IllegalArgumentException.class, () -> new Decoding.Sample(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Decoding.Sample(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Decoding.Beam(0, 1));
    }

    @Test
    void batchedGreedyUsesOneForwardPerStep() {
        CountingModel counting = new CountingModel(LanguageModel.of(TinyModels.llama(11)));
        new Generator(counting, POOL).generate(new int[][] {{1, 2}, {3, 4}, {5, 6}}, GenerationSpec.greedy(7));
        assertEquals(List.of(6, 3, 3, 3, 3, 3, 3), counting.fed); // prefill of 3×2 tokens, then 6 steps of 3
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Records how many tokens each forward pass receives. */
    static final class CountingModel implements LanguageModel {
        final java.util.List<Integer> fed = new java.util.ArrayList<>();
        private final LanguageModel inner;

        CountingModel(LanguageModel inner) {
            this.inner = inner;
        }

        @Override
        public int vocabSize() {
            return inner.vocabSize();
        }

        @Override
        public int maxLength() {
            return inner.maxLength();
        }

        @Override
        public State start(int batch) {
            State s = inner.start(batch);
            return new State() {
                @Override
                public int batch() {
                    return s.batch();
                }

                @Override
                public int length() {
                    return s.length();
                }

                @Override
                public Tensor feed(Tape tape, int[] ids, int length) {
                    fed.add(ids.length);
                    return s.feed(tape, ids, length);
                }

                @Override
                public void reorder(int[] rows) {
                    s.reorder(rows);
                }
            };
        }
    }
}
