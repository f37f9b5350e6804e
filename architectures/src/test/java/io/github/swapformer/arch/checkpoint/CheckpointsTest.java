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
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.InitScheme;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.nn.Init;
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
    @ValueSource(strings = {ReferenceModels.GPT2, ReferenceModels.LLAMA})
    void referenceModelsSaveBackToTheirOwnFiles(String name) throws IOException {
        Path original = ReferenceModels.dir(name);
        DecoderOnlyModel model = Checkpoints.load(original, DecoderOnlyModel.class);
        CheckpointFamily family = Checkpoints.save(model, tmp);
        assertEquals(Checkpoints.family(original), family);
        Map<String, Tensor> before = Safetensors.readTensors(original.resolve(Checkpoints.WEIGHTS_FILE));
        Map<String, Tensor> after = Safetensors.readTensors(tmp.resolve(Checkpoints.WEIGHTS_FILE));
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key).shape(), after.get(key).shape(), key);
            assertArrayEquals(before.get(key).data(), after.get(key).data(), key);
        }
        assertEquals(model.config(), Checkpoints.readConfig(tmp));
        assertSameLogits(model, Checkpoints.load(tmp, DecoderOnlyModel.class), 2, 6);
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

    private static void assertSameLogits(DecoderOnlyModel a, DecoderOnlyModel b, int batch, int length) {
        try (Parallel pool = Parallel.serial()) {
            Tensor x = a.logits(Tape.inference(pool), IDS, batch, length);
            Tensor y = b.logits(Tape.inference(pool), IDS, batch, length);
            assertArrayEquals(x.data(), y.data());
        }
    }
}
