package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class T5BiasTest {
    /** Golden: t5_relative_buckets.json (T5 reference _relative_position_bucket), see resources/golden/README.md. */
    @Test
    void bucketsMatchTheReferenceCode() {
        JsonNode cases = Golden.read("t5_relative_buckets.json").get("cases");
        assertEquals(4, cases.size());
        for (JsonNode c : cases) {
            boolean bidirectional = c.get("bidirectional").asBoolean();
            int buckets = c.get("num_buckets").asInt();
            int maxDistance = c.get("max_distance").asInt();
            JsonNode rel = c.get("relative_positions");
            JsonNode want = c.get("buckets");
            for (int i = 0; i < rel.size(); i++) {
                int d = rel.get(i).asInt();
                assertEquals(want.get(i).asInt(), T5Bias.bucket(d, bidirectional, buckets, maxDistance),
                        "relative " + d + " bidirectional " + bidirectional + " buckets " + buckets + "/" + maxDistance);
            }
        }
    }

    @Test
    void addsTheLearnedScalarOfEachHeadAndBucket() {
        AttentionShape shape = new AttentionShape(8, 2, 2, 4, 32, true);
        T5Bias t5 = new T5Bias(T5Bias.Spec.defaults(), shape, 3);
        Tensor scores = Tensor.zeros(1, 2, 3, 4);
        Tensor out = t5.biasScores(Tape.inference(Parallel.serial()), scores, null, Positions.range(1, 3), Positions.first(4));
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int bucket = T5Bias.bucket(j - (i + 1), false, 32, 128);
                    assertEquals(t5.weight().get(bucket, h), out.get(0, h, i, j), "head " + h + " query " + i + " key " + j);
                }
            }
        }
    }

    @Test
    void unidirectionalBiasIsRefusedForBidirectionalAttention() {
        AttentionShape encoder = new AttentionShape(8, 2, 2, 4, 32, false);
        T5Bias.Spec spec = new T5Bias.Spec(32, 128, BiasDirection.UNIDIRECTIONAL, T5Bias.Sharing.PER_LAYER);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.build(encoder, 1));
        assertTrue(e.getMessage().contains("UNIDIRECTIONAL") && e.getMessage().contains("bidirectional"), e.getMessage());
        T5Bias follow = (T5Bias) PositionalKind.T5_BIAS.build(encoder, 1);
        assertEquals(T5Bias.Sharing.SHARED_ACROSS_LAYERS, follow.spec().sharing());
    }

    @Test
    void specRefusesBadValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new T5Bias.Spec(31, 128, BiasDirection.BIDIRECTIONAL, T5Bias.Sharing.SHARED_ACROSS_LAYERS));
        assertTrue(e.getMessage().contains("numBuckets 31"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new T5Bias.Spec(32, 8, BiasDirection.BIDIRECTIONAL, T5Bias.Sharing.SHARED_ACROSS_LAYERS));
        assertTrue(e.getMessage().contains("maxDistance 8"), e.getMessage());
    }

    @Test
    void parameterIsNamedAndShapedAsHuggingFaceStoresIt() {
        T5Bias t5 = new T5Bias(T5Bias.Spec.defaults(), new AttentionShape(8, 6, 6, 4, 32, true), 3);
        assertEquals(1, t5.parameters().size());
        assertEquals("weight", t5.parameters().get(0).name());
        assertEquals("[32, 6]", t5.weight().shapeString());
    }
}
