package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShawRelativeTest {
    private static final int NH = 2;
    private static final int HS = 5;
    private static final AttentionShape SHAPE = new AttentionShape(10, NH, NH, HS, 16, false);

    /** Shaw et al. 2018 eqs. 3–4 written out: e_ij = q_i·(k_j + a^K_clip(j−i))/√d, z_i = Σ_j p_ij (v_j + a^V_clip(j−i)). */
    @Test
    void keyAndValueTermsMatchThePaperWithClipping() {
        ShawRelative shaw = new ShawRelative(new ShawRelative.Spec(2, ShawRelative.Terms.KEYS_AND_VALUES), SHAPE, 4);
        Random random = new Random(1);
        int T = 4;
        int S = 7;
        Tensor q = GradCheck.randomLeaf(random, 1, NH, T, HS);
        Tensor probs = GradCheck.randomLeaf(random, 1, NH, T, S);
        Positions qp = Positions.range(3, T);
        Positions kp = Positions.first(S);
        Tape tape = Tape.inference(Parallel.of(2));
        Tensor scores = shaw.biasScores(tape, Tensor.zeros(1, NH, T, S), q, qp, kp);
        Tensor out = shaw.mixValues(tape, Tensor.zeros(1, NH, T, HS), probs, qp, kp);
        Tensor aK = shaw.stateDict().get("relative_key");
        Tensor aV = shaw.stateDict().get("relative_value");
        for (int h = 0; h < NH; h++) {
            for (int i = 0; i < T; i++) {
                float[] z = new float[HS];
                for (int j = 0; j < S; j++) {
                    int r = Math.max(-2, Math.min(2, j - (i + 3))) + 2;
                    double e = 0;
                    for (int d = 0; d < HS; d++) {
                        e += q.get(0, h, i, d) * aK.get(r, d);
                        z[d] += probs.get(0, h, i, j) * aV.get(r, d);
                    }
                    assertEquals(e / Math.sqrt(HS), scores.get(0, h, i, j), 1e-6, "key term h " + h + " i " + i + " j " + j);
                }
                for (int d = 0; d < HS; d++) {
                    assertEquals(z[d], out.get(0, h, i, d), 1e-6, "value term h " + h + " i " + i + " d " + d);
                }
            }
        }
    }

    @Test
    void keysOnlyLeavesTheOutputAlone() {
        ShawRelative shaw = new ShawRelative(new ShawRelative.Spec(3, ShawRelative.Terms.KEYS), SHAPE, 4);
        Tensor out = Tensor.zeros(1, NH, 2, HS);
        assertSame(out, shaw.mixValues(Tape.inference(Parallel.serial()), out, Tensor.zeros(1, NH, 2, 2), Positions.first(2), Positions.first(2)));
        assertEquals(1, shaw.parameters().size());
        assertEquals("[7, 5]", shaw.parameters().get(0).tensor().shapeString());
    }
}
