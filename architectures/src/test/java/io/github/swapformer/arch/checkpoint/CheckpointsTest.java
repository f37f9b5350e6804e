package io.github.swapformer.arch.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EmbeddingSharing;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.Models;
import io.github.swapformer.arch.model.Preset;
import io.github.swapformer.arch.model.SpecialIds;
import io.github.swapformer.arch.model.InitScheme;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.nn.Init;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.LearnedAbsolute;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.PositionalSpec;
import io.github.swapformer.positional.Rope;
import io.github.swapformer.positional.RopeScaling;
import io.github.swapformer.positional.RotaryPairing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Save → load round trips in every layout: same tensors, same configuration, bitwise the same logits. */
class CheckpointsTest {
    private static final int[] IDS = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {ReferenceModels.GPT2, ReferenceModels.LLAMA, "bert-tiny", "t5-tiny", "t5-gated-tiny"})
    void referenceModelsSaveBackToTheirOwnFiles(String name) throws IOException {
        Path original = ReferenceModels.dir(name);
        Module model = Checkpoints.load(original);
        CheckpointFamily family = Checkpoints.save(model, tmp);
        assertEquals(Checkpoints.family(original), family);
        Map<String, Tensor> before = Safetensors.readTensors(original.resolve(Checkpoints.WEIGHTS_FILE));
        Map<String, Tensor> after = Safetensors.readTensors(tmp.resolve(Checkpoints.WEIGHTS_FILE));
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key).shape(), after.get(key).shape(), key);
            assertArrayEquals(before.get(key).data(), after.get(key).data(), key);
        }
        assertEquals(Checkpoints.configOf(model), Checkpoints.readConfig(tmp));
        assertSameOutputs(model, Checkpoints.load(tmp));
    }

    /**
     * Names and buffers older or other writers use: BERT's gamma/beta, decoder.bias and position_ids;
     * stored copies of tied tables; GPT-2's transformer. prefix and mask buffers; LLaMA's inv_freq.
     */
    @Test
    void tolerantToEquivalentNames() throws IOException {
        Path bert = CheckpointErrorsTest.copyOf(tmp, "bert-tiny");
        CheckpointErrorsTest.editTensors(bert, t -> {
            for (String name : new java.util.ArrayList<>(t.keySet())) {
                if (name.contains("LayerNorm.")) {
                    t.put(name.replace(".weight", ".gamma").replace(".bias", ".beta"), t.remove(name));
                }
            }
            t.put("cls.predictions.decoder.bias", t.remove("cls.predictions.bias"));
            t.put("cls.predictions.decoder.weight", t.get("bert.embeddings.word_embeddings.weight"));
            t.put("bert.embeddings.position_ids", Tensor.zeros(1, 24));
        });
        assertSameOutputs(Checkpoints.load(ReferenceModels.dir("bert-tiny")), Checkpoints.load(bert));

        Path t5 = CheckpointErrorsTest.copyOf(tmp, "t5-tiny");
        CheckpointErrorsTest.editTensors(t5, t -> {
            t.put("encoder.embed_tokens.weight", t.get("shared.weight"));
            t.put("decoder.embed_tokens.weight", t.get("shared.weight"));
            t.put("lm_head.weight", t.get("shared.weight"));
        });
        assertSameOutputs(Checkpoints.load(ReferenceModels.dir("t5-tiny")), Checkpoints.load(t5));

        Path gpt2 = CheckpointErrorsTest.copyOf(tmp, ReferenceModels.GPT2);
        CheckpointErrorsTest.editTensors(gpt2, t -> {
            for (String name : new java.util.ArrayList<>(t.keySet())) {
                t.put("transformer." + name, t.remove(name));
            }
            t.put("transformer.h.0.attn.bias", Tensor.zeros(1, 1, 64, 64));
            t.put("transformer.h.1.attn.masked_bias", Tensor.zeros(1));
            t.put("lm_head.weight", t.get("transformer.wte.weight"));
        });
        assertSameOutputs(Checkpoints.load(ReferenceModels.dir(ReferenceModels.GPT2)), Checkpoints.load(gpt2));

        Path llama = CheckpointErrorsTest.copyOf(tmp, ReferenceModels.LLAMA);
        CheckpointErrorsTest.editTensors(llama, t -> t.put("model.layers.1.self_attn.rotary_emb.inv_freq", Tensor.zeros(8)));
        assertSameOutputs(Checkpoints.load(ReferenceModels.dir(ReferenceModels.LLAMA)), Checkpoints.load(llama));
    }

    @Test
    void bertWithClassifierUntiedAndTanhGeluRoundTrips() throws IOException {
        FfnSpec ffn = new FfnSpec(FfnKind.MLP_GELU, 24, 8, true, Activation.GELU_TANH);
        BlockSpec block = new BlockSpec(NormPlacement.POST, NormKind.LAYER_NORM, 1e-12, ffn, true, 0.1, 0.1, ResidualScaling.NONE);
        TransformerConfig config = new TransformerConfig(ArchitectureKind.ENCODER_ONLY, 13, 12, 3, 3, 2, 0, 8,
                new LearnedAbsolute.Spec(0, LearnedAbsolute.OutOfRange.ERROR), block, HeadTying.TIED, true, 3,
                EncoderHeads.classification(5), new SpecialIds(4, 5, 6, 7), EmbeddingSharing.SHARED, InitScheme.BERT);
        for (TransformerConfig c : new TransformerConfig[] {config, config.withEncoderHeads(new EncoderHeads(false, true, false, 0))
                .withHead(HeadTying.UNTIED)}) {
            Module model = Models.create(c, 3);
            assertEquals(CheckpointFamily.BERT, Checkpoints.save(model, tmp));
            Module loaded = Checkpoints.load(tmp);
            assertEquals(c, Checkpoints.configOf(loaded));
            assertSameOutputs(model, loaded);
        }
    }

    @Test
    void t5VariantsRoundTrip() throws IOException {
        TransformerConfig base = Preset.T5_SMALL.config().withSizes(19, 16, 4, 4, 2, 3).withMaxPositions(32);
        FfnSpec[] ffns = {new FfnSpec(FfnKind.SWIGLU, 20, 1, false, Activation.GELU),
            new FfnSpec(FfnKind.GEGLU, 20, 1, false, Activation.GELU), new FfnSpec(FfnKind.MLP_GELU, 20, 1, false, Activation.GELU_TANH)};
        for (FfnSpec ffn : ffns) {
            TransformerConfig c = base.withBlock(base.block().withFfn(ffn)).withHead(HeadTying.UNTIED);
            Module model = Models.create(c, 5);
            assertEquals(CheckpointFamily.T5, Checkpoints.save(model, tmp));
            Module loaded = Checkpoints.load(tmp);
            assertEquals(c, Checkpoints.configOf(loaded));
            assertSameOutputs(model, loaded);
        }
    }

    @Test
    void encoderDecoderOutsideT5RoundTripsInOurLayout() throws IOException {
        TransformerConfig c = Preset.T5_SMALL.config().withSizes(19, 16, 4, 2, 2, 1).withMaxPositions(32)
                .withPositional(PositionalKind.ROPE.defaultSpec()).withEmbeddingSharing(EmbeddingSharing.SEPARATE);
        Module model = Models.create(c, 5);
        assertEquals(CheckpointFamily.SWAPFORMER, Checkpoints.save(model, tmp));
        Module loaded = Checkpoints.load(tmp);
        assertEquals(c, Checkpoints.configOf(loaded));
        assertSameOutputs(model, loaded);
    }

    @Test
    void llamaWithGroupedQueriesBiasesAndUntiedHeadRoundTrips() throws IOException {
        FfnSpec ffn = new FfnSpec(FfnKind.SWIGLU, 40, 1, true, Activation.GELU);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-6, ffn, true, 0.0, 0.0, ResidualScaling.NONE);
        Rope.Spec rope = new Rope.Spec(500000, 1.0, RotaryPairing.ROTATE_HALF, RopeScaling.linear(2));
        TransformerConfig config = new TransformerConfig(ArchitectureKind.DECODER_ONLY, 13, 24, 6, 2, 2, 0, 16,
                rope, block, HeadTying.UNTIED, true);
        DecoderOnlyModel model = randomModel(config);
        assertEquals(CheckpointFamily.LLAMA, Checkpoints.save(model, tmp));
        Map<String, Tensor> saved = Safetensors.readTensors(tmp.resolve(Checkpoints.WEIGHTS_FILE));
        assertArrayEquals(new int[] {8, 24}, saved.get("model.layers.1.self_attn.k_proj.weight").shape());
        assertNotNull(saved.get("model.layers.0.mlp.gate_proj.bias"));
        assertNotNull(saved.get("lm_head.weight"));
        DecoderOnlyModel loaded = Checkpoints.load(tmp, DecoderOnlyModel.class);
        assertEquals(config.withInit(InitScheme.BERT), loaded.config(), "LLaMA reads with Hugging Face's LLaMA init");
        assertSameLogits(model, loaded, 2, 6);
    }

    @Test
    void gpt2WithUntiedHeadAndExactGeluRoundTrips() throws IOException {
        FfnSpec ffn = new FfnSpec(FfnKind.MLP_GELU, 20, 8, true, Activation.GELU);
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5, ffn, true, 0.1, 0.1, ResidualScaling.NONE);
        TransformerConfig config = new TransformerConfig(ArchitectureKind.DECODER_ONLY, 13, 12, 3, 3, 2, 0, 8,
                new LearnedAbsolute.Spec(0, LearnedAbsolute.OutOfRange.ERROR), block, HeadTying.UNTIED, true);
        DecoderOnlyModel model = randomModel(config);
        assertEquals(CheckpointFamily.GPT2, Checkpoints.save(model, tmp));
        assertArrayEquals(new int[] {12, 36}, Safetensors.readTensors(tmp.resolve(Checkpoints.WEIGHTS_FILE))
                .get("h.0.attn.c_attn.weight").shape());
        DecoderOnlyModel loaded = Checkpoints.load(tmp, DecoderOnlyModel.class);
        assertEquals(config, loaded.config());
        assertSameLogits(model, loaded, 2, 6);
    }

    /** Every positional encoding, in a block no Hugging Face family has (sandwich RMSNorm, GeGLU): our layout. */
    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void otherCombinationsRoundTripInOurLayout(PositionalKind kind) throws IOException {
        TransformerConfig config = ourCombination(kind.defaultSpec());
        DecoderOnlyModel model = randomModel(config);
        assertEquals(CheckpointFamily.SWAPFORMER, Checkpoints.save(model, tmp));
        assertEquals(CheckpointFamily.SWAPFORMER, Checkpoints.family(tmp));
        DecoderOnlyModel loaded = Checkpoints.load(tmp, DecoderOnlyModel.class);
        assertEquals(config, loaded.config());
        assertSameLogits(model, loaded, 2, 6);
    }

    @Test
    void nestedSpecsSurviveOurLayout() throws IOException {
        PositionalSpec yarn = new Rope.Spec(10000, 0.5, RotaryPairing.ADJACENT, RopeScaling.yarn(4, 8));
        TransformerConfig config = ourCombination(yarn).withHead(HeadTying.UNTIED);
        DecoderOnlyModel model = randomModel(config);
        Checkpoints.save(model, tmp, CheckpointFamily.SWAPFORMER);
        String json = Files.readString(tmp.resolve(Checkpoints.CONFIG_FILE));
        assertTrue(json.contains("\"kind\" : \"ROPE\"") && json.contains("\"kind\" : \"YARN\""), json);
        assertTrue(!json.contains("dynamic"), "derived getters are not state: " + json);
        assertEquals(config, Checkpoints.readConfig(tmp));
        assertSameLogits(model, Checkpoints.load(tmp, DecoderOnlyModel.class), 1, 12);
    }

    @Test
    void aConfigurationOutsideAFamilyIsRefusedForIt() {
        DecoderOnlyModel model = randomModel(ourCombination(PositionalKind.ALIBI.defaultSpec()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Checkpoints.save(model, tmp, CheckpointFamily.LLAMA));
        assertTrue(e.getMessage().contains("LLAMA"), e.getMessage());
    }

    static TransformerConfig ourCombination(PositionalSpec positional) {
        FfnSpec ffn = new FfnSpec(FfnKind.GEGLU, 0, 8, false, Activation.GELU_TANH);
        BlockSpec block = new BlockSpec(NormPlacement.SANDWICH, NormKind.RMS_NORM, 1e-6, ffn, false, 0.0, 0.0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, 11, 16, 4, 2, 2, 0, 16, positional, block, HeadTying.TIED, true);
    }

    static DecoderOnlyModel randomModel(TransformerConfig config) {
        DecoderOnlyModel model = new DecoderOnlyModel(config, 7);
        Rng rng = new Rng(11);
        for (Parameter p : model.parameters()) {
            Init.normal(p.tensor(), p.tensor().rank() == 1 ? 1.0 : 0.0, 0.3, rng);
        }
        return model;
    }

    /** Every output of the two models (logits; an encoder's hidden states and heads) is bitwise the same. */
    private static void assertSameOutputs(Module a, Module b) {
        try (Parallel pool = Parallel.serial()) {
            for (float[][] pair : outputs(a, b, pool)) {
                assertArrayEquals(pair[0], pair[1]);
            }
        }
    }

    private static java.util.List<float[][]> outputs(Module a, Module b, Parallel pool) {
        java.util.List<float[][]> out = new java.util.ArrayList<>();
        Tape tape = Tape.inference(pool);
        if (a instanceof DecoderOnlyModel x && b instanceof DecoderOnlyModel y) {
            out.add(new float[][] {x.logits(tape, IDS, 2, 6).data(), y.logits(tape, IDS, 2, 6).data()});
        } else if (a instanceof EncoderOnlyModel x && b instanceof EncoderOnlyModel y) {
            int[] segments = new int[IDS.length];
            Tensor hx = x.hidden(tape, IDS, x.segments() == null ? null : segments, 2, 6);
            Tensor hy = y.hidden(tape, IDS, y.segments() == null ? null : segments, 2, 6);
            out.add(new float[][] {hx.data(), hy.data()});
            EncoderHeads h = x.config().encoderHeads();
            if (h.mlm()) {
                out.add(new float[][] {x.mlmLogits(tape, hx).data(), y.mlmLogits(tape, hy).data()});
            }
            if (h.pooler()) {
                out.add(new float[][] {x.pooled(tape, hx).data(), y.pooled(tape, hy).data()});
            }
            if (h.classes() > 0) {
                out.add(new float[][] {x.classLogits(tape, x.pooled(tape, hx)).data(), y.classLogits(tape, y.pooled(tape, hy)).data()});
            }
        } else if (a instanceof EncoderDecoderModel x && b instanceof EncoderDecoderModel y) {
            int[] target = {0, 2, 3, 0, 4, 5};
            out.add(new float[][] {x.logits(tape, IDS, 6, target, 3, 2).data(), y.logits(tape, IDS, 6, target, 3, 2).data()});
        } else {
            throw new AssertionError("different model classes: " + a.getClass() + ", " + b.getClass());
        }
        return out;
    }

    private static void assertSameLogits(DecoderOnlyModel a, DecoderOnlyModel b, int batch, int length) {
        try (Parallel pool = Parallel.serial()) {
            Tensor x = a.logits(Tape.inference(pool), IDS, batch, length);
            Tensor y = b.logits(Tape.inference(pool), IDS, batch, length);
            assertArrayEquals(x.data(), y.data());
        }
    }
}
