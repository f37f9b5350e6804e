package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolerTest {
    @Test
    void gradientOfPoolerAndMlmHead() {
        Random r = new Random(3);
        Pooler pooler = new Pooler(5);
        MlmHead mlm = new MlmHead(5, 7, new io.github.swapformer.core.nn.LayerNorm(5, 1e-5), true,
                io.github.swapformer.core.ops.Activation.GELU);
        List<Tensor> inputs = new ArrayList<>();
        for (Parameter p : pooler.parameters()) {
            fill(p.tensor(), r);
            inputs.add(p.tensor());
        }
        for (Parameter p : mlm.parameters()) {
            fill(p.tensor(), r);
            inputs.add(p.tensor());
        }
        Tensor hidden = GradCheck.randomLeaf(r, 2, 3, 5);
        Tensor table = GradCheck.randomLeaf(r, 7, 5);
        inputs.add(hidden);
        inputs.add(table);
        GradCheck.standard().check(inputs, tape -> pooler.forward(tape, hidden));
        GradCheck.standard().check(inputs, tape -> mlm.forward(tape, hidden, table));
    }

    private static void fill(Tensor t, Random r) {
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = r.nextFloat() - 0.5f;
        }
    }
}
