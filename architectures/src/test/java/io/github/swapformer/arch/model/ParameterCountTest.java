package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.positional.PositionalKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParameterCountTest {
    // Published counts: Hugging Face's num_parameters() of GPT2Model, BertModel, T5ForConditionalGeneration
    // and LlamaForCausalLM for these checkpoints, as quoted in issue 4.
    @Test
    void presetsHaveThePublishedCounts() {
        assertEquals(124_439_808L, ParameterCount.of(Preset.GPT2.config()).total());
        assertEquals(354_823_168L, ParameterCount.of(Preset.GPT2_MEDIUM.config()).total());
        assertEquals(109_482_240L, ParameterCount.of(Preset.BERT_BASE_UNCASED.config()).total());
        assertEquals(335_141_888L, ParameterCount.of(Preset.BERT_LARGE_UNCASED.config()).total());
        assertEquals(60_506_624L, ParameterCount.of(Preset.T5_SMALL.config()).total());
        assertEquals(6_738_415_616L, ParameterCount.of(Preset.LLAMA_2_7B.config()).total());
    }

    @Test
    void bertWithoutItsPooler() {
        TransformerConfig c = Preset.BERT_BASE_UNCASED.config().withEncoderHeads(EncoderHeads.none());
        assertEquals(108_891_648L, ParameterCount.of(c).total());
        assertEquals(590_592L, ParameterCount.of(Preset.BERT_BASE_UNCASED.config()).components().get("pooler"));
    }

    @Test
    void gpt2ByComponent() {
        ParameterCount count = ParameterCount.of(Preset.GPT2.config());
        // GPT-2 small: wte 50257·768, wpe 1024·768, per block 4·768² + 4·768 attention, 8·768² + 5·768 MLP, 2 LayerNorms
        assertEquals(50257L * 768, count.components().get("tokens"));
        assertEquals(1024L * 768, count.components().get("positional"));
        assertEquals(12L * (4 * 768 * 768 + 4 * 768), count.components().get("blocks.self_attention"));
        assertEquals(12L * (8 * 768 * 768 + 5 * 768), count.components().get("blocks.ffn"));
        assertEquals(12L * 4 * 768, count.components().get("blocks.norms"));
        assertEquals(2L * 768, count.components().get("final_norm"));
        String table = count.table();
        assertTrue(table.contains("124,439,808") && table.contains("blocks.self_attention"), table);
    }

    @Test
    void presetsByName() {
        for (Preset p : Preset.values()) {
            assertEquals(p, Preset.byName(p.id()));
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Preset.byName("gpt5"));
        assertTrue(e.getMessage().contains("gpt5") && e.getMessage().contains("t5-small"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void analyticCountEqualsTheAllocatedModel(PositionalKind kind) {
        for (ArchitectureKind arch : ArchitectureKind.values()) {
            TransformerConfig base = TinyConfigs.of(arch, kind.defaultSpec());
            assertSame(base);
            assertSame(base.withHead(HeadTying.UNTIED).withSizes(TinyConfigs.VOCAB, 16, 4, 2, 3,
                    arch == ArchitectureKind.ENCODER_DECODER ? 1 : 0));
            assertSame(base.withBlock(base.block().withPlacement(NormPlacement.SANDWICH).withNormKind(NormKind.RMS_NORM)
                    .withFfn(FfnSpec.of(FfnKind.SWIGLU).withBias(false))));
        }
    }

    @Test
    void analyticCountOfFamilyOptions() {
        TransformerConfig bert = TinyConfigs.of(ArchitectureKind.ENCODER_ONLY, PositionalKind.LEARNED_ABSOLUTE.defaultSpec());
        assertSame(bert.withEncoderHeads(EncoderHeads.classification(3)).withSegments(0));
        assertSame(bert.withEncoderHeads(new EncoderHeads(true, true, true, 5)).withHead(HeadTying.UNTIED));
        assertSame(bert.withBlock(bert.block().withPlacement(NormPlacement.PRE)));
        TransformerConfig t5 = TinyConfigs.of(ArchitectureKind.ENCODER_DECODER, PositionalKind.T5_BIAS.defaultSpec());
        assertSame(t5.withEmbeddingSharing(EmbeddingSharing.SEPARATE));
        assertSame(t5.withEmbeddingSharing(EmbeddingSharing.SEPARATE).withHead(HeadTying.UNTIED));
        assertSame(t5.withBlock(t5.block().withPlacement(NormPlacement.POST).withFfn(FfnSpec.of(FfnKind.GEGLU).withHidden(7))));
    }

    /** Total and every component of the analytic count against the allocated model's parameters. */
    private static void assertSame(TransformerConfig config) {
        Module model = Models.create(config, 3);
        ParameterCount count = ParameterCount.of(config);
        assertEquals(model.parameterCount(), count.total(), config.toString());
        Map<String, Long> allocated = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            allocated.merge(component(p.name()), (long) p.tensor().size(), Long::sum);
        }
        Map<String, Long> analytic = new LinkedHashMap<>(count.components());
        analytic.values().removeIf(n -> n == 0);
        assertEquals(analytic, allocated, config.toString());
    }

    /** blocks.3.self_residual.norm.weight → blocks.norms; encoder.blocks.0.ffn.up.bias → encoder.blocks.ffn. */
    private static String component(String name) {
        String prefix = "";
        if (name.startsWith("encoder.") || name.startsWith("decoder.")) {
            prefix = name.substring(0, 8);
            name = name.substring(8);
        }
        String[] parts = name.split("\\.");
        if (parts[0].equals("blocks")) {
            return prefix + "blocks." + (parts[2].endsWith("_residual") ? "norms" : parts[2]);
        }
        return prefix + parts[0];
    }
}
