package io.github.swapformer.arch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.T5Bias;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EncoderDecoderGenerationTest {
    private static final Parallel POOL = Parallel.of(2);
    private static final int V = 17;

    @AfterAll
    static void close() {
        POOL.close();
    }

    /** A small T5: bucketed relative bias shared across layers, pre-RMSNorm, ReLU MLP, unscaled scores, untied head (tied, the random model repeats its input token). */
    static EncoderDecoderModel t5() {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-6,
                FfnSpec.of(FfnKind.MLP_RELU).withHidden(24).withBias(false), false, 0.0, 0.0, ResidualScaling.NONE);
        T5Bias.Spec bias = new T5Bias.Spec(8, 16, BiasDirection.FOLLOW_MASK, T5Bias.Sharing.SHARED_ACROSS_LAYERS);
        EncoderDecoderModel m = new EncoderDecoderModel(new TransformerConfig(ArchitectureKind.ENCODER_DECODER, V, 16, 4, 4,
                2, 2, 32, bias, block, HeadTying.UNTIED, false), 5);
        Rng rng = new Rng(6);
        for (Parameter p : m.parameters()) {
            if (p.tensor().rank() >= 2) {
                Init.normal(p.tensor(), 0.3, rng);
            }
        }
        return m;
    }

    @Test
    void greedyDecodingFollowsTheTeacherForcedArgmax() {
        EncoderDecoderModel model = t5();
        int[] source = {4, 9, 2, 11, 0, 0}; // two [PAD]s at the end, hidden from cross-attention
        int[] prompt = {model.decoderStartId()};
        Generator g = new Generator(LanguageModel.of(model, source, POOL), POOL);
        int[] generated = g.generate(prompt, GenerationSpec.greedy(8));
        assertEquals(8, generated.length);
        int[] targets = GeneratorTest.concat(prompt, Arrays.copyOf(generated, generated.length - 1));
        float[] logits = model.logits(Tape.inference(POOL), source, source.length, targets, targets.length, 1).data();
        for (int i = 0; i < generated.length; i++) {
            assertEquals(TokenSampler.argmax(logits, i * V, V), generated[i], "token " + i);
        }
    }

    /** Feeding a target sequence one token at a time gives the teacher-forced logits of every position (1e-5). */
    @Test
    void cachedDecodingGivesTheTeacherForcedLogits() {
        EncoderDecoderModel model = t5();
        int[] source = {4, 9, 2, 11, 0};
        int[] targets = {0, 7, 12, 3, 3, 16, 1};
        float[] full = model.logits(Tape.inference(POOL), source, source.length, targets, targets.length, 1).data();
        LanguageModel.State state = LanguageModel.of(model, source, POOL).start(1);
        for (int t = 0; t < targets.length; t++) {
            float[] step = state.feed(Tape.inference(POOL), new int[] {targets[t]}, 1).data();
            for (int v = 0; v < V; v++) {
                float expected = full[t * V + v];
                assertEquals(expected, step[v], 1e-5 * Math.max(1, Math.abs(expected)), "position " + t + ", id " + v);
            }
        }
    }

    @Test
    void beamsAndSamplesOfOneSourceShareItsMemory() {
        EncoderDecoderModel model = t5();
        int[] source = {3, 3, 8, 1};
        Generator g = new Generator(LanguageModel.of(model, source, POOL), POOL);
        int[] prompt = {model.decoderStartId()};
        assertArrayEquals(g.generate(prompt, GenerationSpec.greedy(6)),
                g.generate(prompt, GenerationSpec.greedy(6).withDecoding(Decoding.Beam.ofWidth(1))));
        int[][] sampled = g.generate(new int[][] {prompt, prompt, prompt},
                GenerationSpec.greedy(6).withDecoding(Decoding.Sample.withTemperature(1.0)).withSeed(2));
        assertEquals(3, sampled.length);
        int[] beam = g.generate(prompt, GenerationSpec.greedy(6).withDecoding(Decoding.Beam.ofWidth(3)));
        assertTrue(beam.length >= 1 && beam.length <= 6);
    }
}
