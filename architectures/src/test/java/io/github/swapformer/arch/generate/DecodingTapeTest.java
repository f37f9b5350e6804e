package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.kernel.WeightPanels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.positional.Rope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding on a {@link Tape#decoding decoding tape}, whose products read weights as column panels,
 * on a model whose weights are large enough to be packed (d = 192, a 300-token untied head): the
 * same logits as the uncached pass on an inference tape, and the same greedy tokens.
 */
class DecodingTapeTest {
    private static final int V = 300;
    private static final Parallel POOL = Parallel.of(2);

    @AfterAll
    static void close() {
        POOL.close();
    }

    private static DecoderOnlyModel model() {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5,
                FfnSpec.of(FfnKind.SWIGLU).withBias(false), false, 0.0, 0.0, ResidualScaling.NONE);
        return new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, V, 192, 4, 2, 2, 0, 64,
                Rope.Spec.defaults(), block, HeadTying.UNTIED, true), 21);
    }

    @Test
    void stepsOnPanelsGiveTheUncachedLogits() {
        DecoderOnlyModel model = model();
        int B = 3;
        int T = 7;
        int[] ids = new int[B * T];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 37 + 11) % V;
        }
        float[] full = model.logits(Tape.inference(POOL), ids, B, T).data();
        Tape tape = Tape.decoding(POOL, new WeightPanels());
        LanguageModel.State state = LanguageModel.of(model).start(B);
        int prefill = 2;
        for (int t = 0; t < T; ) {
            int n = t == 0 ? prefill : 1;
            int[] step = new int[B * n];
            for (int b = 0; b < B; b++) {
                System.arraycopy(ids, b * T + t, step, b * n, n);
            }
            float[] cached = state.feed(tape, step, n).data();
            for (int b = 0; b < B; b++) {
                for (int i = 0; i < n * V; i++) {
                    double expected = full[(b * T + t) * V + i];
                    double err = Math.abs(cached[b * n * V + i] - expected);
                    // panels sum along k in another order than the uncached pass's packed product
                    assertTrue(err <= 1e-4 * Math.max(1, Math.abs(expected)),
                            "row " + b + ", position " + (t + i / V) + ": on panels " + cached[b * n * V + i] + " vs " + expected);
                }
            }
            t += n;
        }
        // q, output, gate, up and down of both layers, and the head (k and v, 96 × 192, are too small to pack)
        assertEquals(2 * 5 + 1, tape.weightPanels().size());
    }

    @Test
    void aGeneratorReusedAfterTheWeightsChangeDecodesWithTheNewWeights() {
        DecoderOnlyModel model = model();
        Generator reused = new Generator(LanguageModel.of(model), POOL);
        int[] prompt = {7, 8, 9};
        int[] before = reused.generate(prompt, GenerationSpec.greedy(6));
        float[] head = model.head().weight().data();
        for (int i = 0; i < head.length; i++) {
            head[i] = -head[i]; // every logit changes sign: greedy picks other tokens
        }
        int[] after = reused.generate(prompt, GenerationSpec.greedy(6));
        assertArrayEquals(new Generator(LanguageModel.of(model), POOL).generate(prompt, GenerationSpec.greedy(6)), after);
        assertNotEquals(before[0], after[0]);
    }

    @Test
    void greedyDecodingPicksTheArgmaxOfTheUncachedModel() {
        DecoderOnlyModel model = model();
        int[] prompt = {3, 141, 59};
        int[] generated = new Generator(LanguageModel.of(model), POOL).generate(prompt, GenerationSpec.greedy(10));
        int[] all = new int[prompt.length + generated.length - 1];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length - 1);
        float[] logits = model.logits(Tape.inference(POOL), all, 1, all.length).data();
        for (int i = 0; i < generated.length; i++) {
            int pos = prompt.length - 1 + i;
            assertEquals(TokenSampler.argmax(logits, pos * V, V), generated[i], "token " + i);
        }
    }
}
