package io.github.swapformer.arch.ffn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Softmax;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The routing ops one by one: values on small cases worked by hand, gradients by central differences, SIMD twins. */
class ExpertRoutingTest {
    private static final int N = 7;
    private static final int E = 5;
    private static final int C = 9;

    /** A plan for N tokens over E experts from fixed random logits, top-2, capacity 3 (so some are dropped). */
    private static RoutingPlan plan(Tensor logits, int k, int capacity) {
        return RoutingPlan.of(logits.data(), N, E, k, capacity);
    }

    @ParameterizedTest
    @EnumSource(MoeSpec.Gating.class)
    void gatesAndTheirGradient(MoeSpec.Gating gating) {
        Tensor logits = GradCheck.randomLeaf(new Random(1), N, E);
        RoutingPlan plan = plan(logits, 2, 3);
        GradCheck.standard().withStep(1e-3).check(List.of(logits),
                tape -> ExpertRouting.gates(tape, Softmax.softmax(tape, logits), plan, gating));
        Tensor g = ExpertRouting.gates(Tape.inference(Parallel.serial()), Softmax.softmax(Tape.inference(Parallel.serial()), logits), plan, gating);
        for (int n = 0; n < N; n++) {
            float sum = g.data()[2 * n] + g.data()[2 * n + 1];
            if (gating == MoeSpec.Gating.RENORMALIZED) {
                assertEquals(1f, sum, 1e-6f, "renormalized gates sum to 1");
            } else {
                assertTrue(sum < 1f && g.data()[2 * n] >= g.data()[2 * n + 1], "raw probabilities, best first");
            }
        }
    }

    @Test
    void gatherAndCombineWithTheirGradients() {
        Random r = new Random(2);
        Tensor logits = GradCheck.randomLeaf(r, N, E);
        RoutingPlan plan = plan(logits, 2, 3);
        assertTrue(plan.dropped() > 0, "the case should drop some assignments");
        Tensor x = GradCheck.randomLeaf(r, N, C);
        Tensor gates = GradCheck.randomLeaf(r, N, 2);
        Tensor[] outputs = new Tensor[E];
        for (int e = 0; e < E; e++) {
            outputs[e] = plan.rows()[e].length == 0 ? null : GradCheck.randomLeaf(r, plan.rows()[e].length, C);
        }
        for (int e = 0; e < E; e++) {
            int expert = e;
            if (outputs[e] != null) {
                GradCheck.standard().check(List.of(x), tape -> ExpertRouting.gather(tape, x, plan, expert));
                GradCheck.standard().check(List.of(gates, outputs[e]), tape -> ExpertRouting.combine(tape, outputs, gates, plan, C));
            }
        }
    }

    @Test
    void combineAddsTheGatedRowsOfKeptAssignmentsOnly() {
        // token 0 → experts 1 (row 0) and 0 (row 0); token 1 → expert 1 dropped (capacity 1), expert 0 dropped
        float[] logits = {0f, 1f, 0f, 1f};
        RoutingPlan plan = RoutingPlan.of(logits, 2, 2, 2, 1);
        Tensor y0 = Tensor.of(new float[] {10f, 20f}, 1, 2);
        Tensor y1 = Tensor.of(new float[] {1f, 2f}, 1, 2);
        Tensor gates = Tensor.of(new float[] {0.75f, 0.25f, 0.5f, 0.5f}, 2, 2);
        Tensor out = ExpertRouting.combine(Tape.inference(Parallel.serial()), new Tensor[] {y0, y1}, gates, plan, 2);
        assertArrayEquals(new float[] {0.75f * 1f + 0.25f * 10f, 0.75f * 2f + 0.25f * 20f, 0f, 0f}, out.data());
    }

    @Test
    void balanceLossIsAlphaForAUniformRouterAndItsGradientFlowsThroughP() {
        Tensor zero = Tensor.zerosWithGrad(N, E);
        RoutingPlan plan = plan(zero, 2, 100);
        Tape tape = Tape.inference(Parallel.serial());
        // uniform probabilities: α·E·Σ fᵢ·(1/E) = α whatever f is (Fedus et al. 2021, §2.2)
        assertEquals(0.01f, ExpertRouting.balanceLoss(tape, Softmax.softmax(tape, zero), plan, 0.01).item(), 1e-8f);
        Tensor logits = GradCheck.randomLeaf(new Random(3), N, E);
        RoutingPlan p = plan(logits, 2, 3);
        GradCheck.standard().withStep(1e-3).check(List.of(logits),
                t -> ExpertRouting.balanceLoss(t, Softmax.softmax(t, logits), p, 0.3));
    }

    @Test
    void balanceLossByHand() {
        // two tokens, two experts, k = 1: probabilities (0.8, 0.2) and (0.4, 0.6) choose experts 0 and 1
        Tensor probs = Tensor.of(new float[] {0.8f, 0.2f, 0.4f, 0.6f}, 2, 2);
        RoutingPlan plan = RoutingPlan.of(probs.data(), 2, 2, 1, 2);
        float loss = ExpertRouting.balanceLoss(Tape.inference(Parallel.serial()), probs, plan, 1.0).item();
        assertEquals(2 * (0.5 * 0.6 + 0.5 * 0.4), loss, 1e-6, "E·Σ f·P with f = (½, ½), P = (0.6, 0.4)");
    }

    @Test
    void zLossIsTheMeanSquaredLogSumExp() {
        Tensor zero = Tensor.zeros(N, E);
        double lse = Math.log(E);
        assertEquals(0.5 * lse * lse, ExpertRouting.zLoss(Tape.inference(Parallel.serial()), zero, 0.5).item(), 1e-6);
        Tensor logits = GradCheck.randomLeaf(new Random(4), N, E);
        GradCheck.standard().check(List.of(logits), t -> ExpertRouting.zLoss(t, logits, 0.7));
    }

    @Test
    void refusesMismatchedShapes() {
        Tensor logits = GradCheck.randomLeaf(new Random(5), N, E);
        RoutingPlan plan = plan(logits, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpertRouting.gates(Tape.inference(Parallel.serial()), Tensor.zeros(N, E + 1), plan, MoeSpec.Gating.PROBABILITIES));
        assertTrue(e.getMessage().contains("[7, 6]") && e.getMessage().contains("[7, 5]"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void dotSimdMatchesScalar(int n) {
        Random r = new Random(n);
        float[] a = new float[n + 3];
        float[] b = new float[n + 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() * 2 - 1;
        }
        float scalar = MoeKernels.dotScalar(a, 3, b, 5, n);
        float simd = MoeKernels.dotSimd(a, 3, b, 5, n);
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            magnitude += Math.abs(a[3 + i] * b[5 + i]);
        }
        assertEquals(scalar, simd, 1e-5 * magnitude + 1e-7, "n = " + n);
    }
}
