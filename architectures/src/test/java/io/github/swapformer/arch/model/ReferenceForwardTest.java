package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.BiasDirection;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.T5Bias;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A tiny BERT and a tiny T5 against an independent float64 numpy implementation of Hugging Face's
 * {@code BertForPreTraining}/{@code BertPooler} and {@code T5ForConditionalGeneration} forward
 * passes ({@code reference/numpy_reference.py}, written from the papers and Hugging Face's code,
 * reading only the weight files). The weights and expected outputs are test resources; to
 * regenerate: {@code mvn test -Dtest=ReferenceForwardTest -Dswapformer.reference.write=DIR}, then
 * {@code python3 numpy_reference.py DIR}, then copy DIR's files into the resources folder.
 */
class ReferenceForwardTest {
    static final int[] BERT_IDS = {1, 5, 6, 7, 2, 8, 2, 1, 9, 10, 2, 0, 0, 0}; // B 2, T 7; row 1 padded
    static final int[] BERT_SEGMENTS = {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    static final int[] T5_SOURCE = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 1, 0, 0, 0}; // B 2, S 9
    static final int[] T5_TARGET = {0, 20, 21, 22, 23, 24, 0, 25, 26, 27, 28, 29};                    // B 2, T 6

    static TransformerConfig bertConfig() {
        BlockSpec block = new BlockSpec(NormPlacement.POST, NormKind.LAYER_NORM, 1e-12, FfnSpec.of(FfnKind.MLP_GELU),
                true, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.ENCODER_ONLY, 40, 16, 4, 4, 2, 0, 16,
                LearnedAbsolute.Spec.defaults(), block, HeadTying.TIED, true, 2, new EncoderHeads(true, true, true, 3),
                SpecialIds.firstFour(), EmbeddingSharing.SHARED, InitScheme.BERT);
    }

    static TransformerConfig t5Config() {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-6,
                FfnSpec.of(FfnKind.MLP_RELU).withHidden(32).withBias(false), false, 0.0, 0.0, ResidualScaling.NONE);
        T5Bias.Spec bias = new T5Bias.Spec(8, 12, BiasDirection.FOLLOW_MASK, T5Bias.Sharing.SHARED_ACROSS_LAYERS);
        return new TransformerConfig(ArchitectureKind.ENCODER_DECODER, 40, 16, 4, 4, 2, 2, 16, bias, block,
                HeadTying.TIED, false, 0, EncoderHeads.none(), SpecialIds.firstFour(), EmbeddingSharing.SHARED, InitScheme.T5);
    }

    @Test
    void tinyBertMatchesNumpy() throws Exception {
        EncoderOnlyModel m = new EncoderOnlyModel(bertConfig(), 1);
        m.loadStateDict(resource("bert-tiny-weights.safetensors"));
        Map<String, Tensor> expected = resource("bert-tiny-expected.safetensors");
        Map<String, Tensor> actual = bertOutputs(m);
        for (String name : expected.keySet()) {
            assertClose(expected.get(name), actual.get(name), "bert " + name);
        }
    }

    @Test
    void tinyT5MatchesNumpy() throws Exception {
        EncoderDecoderModel m = new EncoderDecoderModel(t5Config(), 1);
        m.loadStateDict(resource("t5-tiny-weights.safetensors"));
        Map<String, Tensor> expected = resource("t5-tiny-expected.safetensors");
        Map<String, Tensor> actual = t5Outputs(m);
        for (String name : expected.keySet()) {
            assertClose(expected.get(name), actual.get(name), "t5 " + name);
        }
    }

    /** Writes the weights (random, with non-trivial norms and biases) and the inputs the numpy script reads. */
    @Test
    @EnabledIfSystemProperty(named = "swapformer.reference.write", matches = ".+")
    void writeWeights() throws Exception {
        Path dir = Path.of(System.getProperty("swapformer.reference.write"));
        Files.createDirectories(dir);
        Module bert = new EncoderOnlyModel(bertConfig(), 1);
        randomize(bert, new Rng(101));
        Safetensors.write(dir.resolve("bert-tiny-weights.safetensors"), bert.stateDict(), Map.of("source", "ReferenceForwardTest"));
        Module t5 = new EncoderDecoderModel(t5Config(), 1);
        randomize(t5, new Rng(102));
        Safetensors.write(dir.resolve("t5-tiny-weights.safetensors"), t5.stateDict(), Map.of("source", "ReferenceForwardTest"));
    }

    private static Map<String, Tensor> bertOutputs(EncoderOnlyModel m) {
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.inference(pool);
            Tensor hidden = m.hidden(tape, BERT_IDS, BERT_SEGMENTS, 2, 7);
            Tensor pooled = m.pooled(tape, hidden);
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("hidden", hidden);
            out.put("mlm_logits", m.mlmLogits(tape, hidden));
            out.put("pooled", pooled);
            out.put("nsp_logits", m.nspLogits(tape, pooled));
            out.put("class_logits", m.classLogits(tape, pooled));
            return out;
        }
    }

    private static Map<String, Tensor> t5Outputs(EncoderDecoderModel m) {
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.inference(pool);
            Tensor memory = m.encode(tape, T5_SOURCE, 2, 9);
            boolean[][] valid = Padding.valid(T5_SOURCE, 2, 9, 0);
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("encoder_output", memory);
            out.put("logits", m.logits(tape, memory, valid, T5_TARGET, 2, 6));
            return out;
        }
    }

    /** Matrices and embeddings N(0, 0.25²), norm gains 1 + 0.1·N(0, 1), biases and shifts 0.1·N(0, 1), T5 bias N(0, 0.5²). */
    private static void randomize(Module m, Rng rng) {
        for (Parameter p : m.parameters()) {
            float[] d = p.tensor().data();
            boolean gain = p.kind() == ParamKind.NORM && p.name().endsWith("weight");
            boolean small = p.kind() == ParamKind.BIAS || p.kind() == ParamKind.NORM;
            double std = gain || small ? 0.1 : p.kind() == ParamKind.OTHER ? 0.5 : 0.25;
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) ((gain ? 1 : 0) + std * rng.nextGaussian());
            }
        }
    }

    private Map<String, Tensor> resource(String name) throws Exception {
        return Safetensors.readTensors(Path.of(getClass().getResource("reference/" + name).toURI()));
    }

    /** |actual − expected| ≤ 1e-4 + 1e-4·|expected| at every element. */
    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertTrue(actual != null, what + " was not computed");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        for (int i = 0; i < expected.size(); i++) {
            float e = expected.data()[i];
            float a = actual.data()[i];
            assertTrue(Math.abs(a - e) <= 1e-4 + 1e-4 * Math.abs(e), what + " element " + i + ": " + a + ", numpy " + e);
        }
    }
}
