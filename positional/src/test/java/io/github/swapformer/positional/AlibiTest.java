package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlibiTest {
    /** Golden: alibi_slopes.json (ALiBi reference get_slopes), see resources/golden/README.md. */
    @Test
    void slopesMatchThePaperIncludingHeadCountsThatAreNotPowersOfTwo() {
        JsonNode slopes = Golden.read("alibi_slopes.json").get("slopes");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = slopes.fields(); it.hasNext(); checked++) {
            Map.Entry<String, JsonNode> e = it.next();
            int n = Integer.parseInt(e.getKey());
            double[] want = Golden.doubles(e.getValue());
            double[] got = Alibi.slopes(n);
            assertEquals(want.length, got.length);
            for (int h = 0; h < n; h++) {
                assertEquals(want[h], got[h], 1e-15 * want[h], n + " heads, head " + h);
            }
        }
        assertEquals(10, checked);
    }

    @Test
    void causalAndSymmetricForms() {
        Tape tape = Tape.inference(Parallel.serial());
        Alibi causal = (Alibi) PositionalKind.ALIBI.build(new AttentionShape(8, 2, 2, 4, 16, true), 0);
        Alibi symmetric = (Alibi) PositionalKind.ALIBI.build(new AttentionShape(8, 2, 2, 4, 16, false), 0);
        Tensor c = causal.biasScores(tape, Tensor.zeros(1, 2, 4, 4), null, Positions.first(4), Positions.first(4));
        Tensor s = symmetric.biasScores(tape, Tensor.zeros(1, 2, 4, 4), null, Positions.first(4), Positions.first(4));
        double m1 = Alibi.slopes(2)[1];
        assertEquals(-3 * m1, c.get(0, 1, 3, 0), 1e-7); // three keys back
        assertEquals(0, c.get(0, 1, 2, 2), 0);
        assertEquals(-3 * m1, s.get(0, 1, 0, 3), 1e-7); // three keys ahead, same penalty
        assertEquals(s.get(0, 1, 3, 0), s.get(0, 1, 0, 3), 0);
        Table perHead = causal.biasPerHead(5);
        assertEquals(-4 * Alibi.slopes(2)[0], perHead.values()[0][4], 1e-12);
    }

    @Test
    void causalFormIsRefusedForBidirectionalAttention() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Alibi.Spec(BiasDirection.UNIDIRECTIONAL).build(new AttentionShape(8, 2, 2, 4, 16, false), 0));
        assertTrue(e.getMessage().contains("ALiBi"), e.getMessage());
    }
}
