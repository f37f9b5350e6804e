package io.github.swapformer.arch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every preset, shrunk to test size with its family's choices kept, builds, runs and counts right. */
class PresetTest {
    private static final int V = 128; // holds bert-base-uncased's special ids (up to 103)

    static TransformerConfig shrunk(Preset preset) {
        TransformerConfig c = preset.config();
        TransformerConfig small = c.withSizes(V, 16, 4, 4, 2, c.architecture() == ArchitectureKind.ENCODER_DECODER ? 2 : 0);
        return small.withBlock(small.block().withFfn(small.block().ffn().withHidden(24)));
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void aShrunkPresetBuildsRunsAndCounts(Preset preset) {
        TransformerConfig c = shrunk(preset);
        assertEquals(preset.config().architecture(), c.architecture());
        assertEquals(preset.config().positional(), c.positional());
        Module m = Models.create(c, 1);
        assertEquals(ParameterCount.of(c).total(), m.parameterCount());
        Module forward = m;
        if (m instanceof EncoderOnlyModel) { // the preset is BertModel (pooler only): add the MLM head to read logits
            forward = new EncoderOnlyModel(c.withEncoderHeads(EncoderHeads.pretraining()), 1);
        }
        int[] ids = {101, 7, 8, 9, 102, 101, 10, 11, 102, 0};
        Tensor logits = TinyConfigs.infer(forward, ids, 2, 5);
        assertArrayEquals(new int[] {2, 5, V}, logits.shape());
        for (float v : logits.data()) {
            assertFalse(Float.isNaN(v) || Float.isInfinite(v), preset + ": logit " + v);
        }
    }
}
