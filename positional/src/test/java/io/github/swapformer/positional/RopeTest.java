package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RopeTest {
    private static final Tape TAPE = Tape.inference(Parallel.serial());

    private static Rope rope(Rope.Spec spec, int headDim, int maxPositions) {
        return new Rope(spec, new AttentionShape(headDim, 1, 1, headDim, maxPositions, true));
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** Golden: rope_d16.json (RoFormer eq. 34, adjacent pairs, base 10000), see resources/golden/README.md. */
    @Test
    void matchesGoldenRotationsWithAdjacentPairs() {
        JsonNode g = Golden.read("rope_d16.json");
        double[] input = Golden.doubles(g.get("input"));
        JsonNode cases = g.get("cases");
        int n = cases.size();
        float[] x = new float[n * 16];
        int[] positions = new int[n];
        for (int c = 0; c < n; c++) {
            positions[c] = cases.get(c).get("position").asInt();
            for (int d = 0; d < 16; d++) {
                x[c * 16 + d] = (float) input[d];
            }
        }
        Rope rope = rope(Rope.Spec.defaults().withPairing(RotaryPairing.ADJACENT), 16, 2048);
        Tensor y = rope.rotateQueries(TAPE, Tensor.of(x, 1, 1, n, 16), Positions.of(new int[][] {positions}));
        for (int c = 0; c < n; c++) {
            double[] want = Golden.doubles(cases.get(c).get("rotated"));
            for (int d = 0; d < 16; d++) {
                assertEquals(want[d], y.data()[c * 16 + d], 2e-6, "position " + positions[c] + " dim " + d);
            }
        }
    }

    /**
     * RoFormer §3.4.3: (1/(d/2))·Σ_j |Σ_{i<j} e^{i·m·θ_i}| for head_dim 128, base 10000 falls from
     * 32.5 at distance 0 to about 10.2 at 100 and 6.5 at 250 (golden README; 10.227 and 6.548 in float64).
     */
    @Test
    void longTermDecayBoundOfRoformer() {
        Rope rope = rope(Rope.Spec.defaults().withPairing(RotaryPairing.ADJACENT), 128, 512);
        RotaryTable table = rope.tableFor(250);
        double[] want = {32.5, 10.227, 6.548};
        int[] distance = {0, 100, 250};
        for (int c = 0; c < 3; c++) {
            int m = distance[c];
            double re = 0;
            double im = 0;
            double sum = 0;
            for (int i = 0; i < 64; i++) {
                re += table.cos()[m * 128 + 2 * i];
                im += table.sin()[m * 128 + 2 * i + 1];
                sum += Math.hypot(re, im);
            }
            assertEquals(want[c], sum / 64, 2e-3, "distance " + m);
        }
    }

    /** ROTATE_HALF on x permuted to [x0, x2, …, x1, x3, …] equals ADJACENT on x, permuted the same way. */
    @Test
    void pairingsAgreeAfterThePermutation() {
        Random r = new Random(3);
        for (double fraction : new double[] {1.0, 0.5, 0.25}) {
            Rope adjacent = rope(Rope.Spec.defaults().withPairing(RotaryPairing.ADJACENT).withRotaryFraction(fraction), 24, 64);
            Rope half = rope(Rope.Spec.defaults().withPairing(RotaryPairing.ROTATE_HALF).withRotaryFraction(fraction), 24, 64);
            int rot = adjacent.rotDim();
            float[] q = random(r, 24);
            float[] k = random(r, 24);
            float[] qh = RotaryPairing.toRotateHalfOrder(q, 0, 24, rot);
            float[] kh = RotaryPairing.toRotateHalfOrder(k, 0, 24, rot);
            for (int[] mn : new int[][] {{0, 0}, {5, 2}, {40, 41}, {63, 0}}) {
                assertEquals(adjacent.score(q, mn[0], k, mn[1]), half.score(qh, mn[0], kh, mn[1]), 1e-5, "fraction " + fraction);
            }
            Tensor ya = adjacent.rotateQueries(TAPE, Tensor.of(q.clone(), 1, 1, 1, 24), Positions.range(17, 1));
            Tensor yh = half.rotateQueries(TAPE, Tensor.of(qh.clone(), 1, 1, 1, 24), Positions.range(17, 1));
            assertArrayEquals(RotaryPairing.toRotateHalfOrder(ya.data(), 0, 24, rot), yh.data(), 1e-6f);
        }
    }

    /** Chen et al. 2023: linear interpolation with factor s at position p is plain RoPE at p/s. */
    @Test
    void linearInterpolationEqualsPlainRopeAtFractionalPositions() {
        double s = 4;
        Rope pi = rope(Rope.Spec.defaults().withScaling(RopeScaling.linear(s)), 32, 64);
        int[] positions = {0, 1, 3, 10, 63, 255};
        double[] fractional = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            fractional[i] = positions[i] / s;
        }
        double[] plainInv = RopeScaling.none().inverseFrequencies(10000, 32, 0, 64);
        RotaryTable plain = RotaryTable.of(RotaryPairing.ROTATE_HALF, 32, fractional, plainInv, 1, null, 0);
        float[] x = random(new Random(5), positions.length * 32);
        Tensor viaPi = pi.rotateKeys(TAPE, Tensor.of(x, 1, 1, positions.length, 32), Positions.of(new int[][] {positions}));
        int[] identity = {0, 1, 2, 3, 4, 5};
        Tensor viaPlain = Rotary.apply(TAPE, Tensor.of(x, 1, 1, positions.length, 32), plain, identity);
        assertArrayEquals(viaPlain.data(), viaPi.data(), 1e-5f);
    }

    /** NTK-aware scaling keeps the fastest frequency and divides the slowest by exactly s. */
    @Test
    void ntkScalingStretchesOnlyTheLowFrequencies() {
        double[] plain = RopeScaling.none().inverseFrequencies(10000, 64, 0, 2048);
        double[] ntk = RopeScaling.ntk(8).inverseFrequencies(10000, 64, 0, 2048);
        assertEquals(plain[0], ntk[0], 1e-15);
        assertEquals(plain[31] / 8, ntk[31], 1e-12 * plain[31]);
        for (int i = 1; i < 31; i++) {
            assertTrue(ntk[i] < plain[i] && ntk[i] > plain[i] / 8, "frequency " + i);
        }
    }

    /** Dynamic NTK: plain RoPE up to the original length; at twice it, NTK with factor s + 1 (s·2 − (s − 1)). */
    @Test
    void dynamicNtkFollowsTheCurrentLength() {
        RopeScaling dynamic = RopeScaling.dynamicNtk(4, 1024);
        assertArrayEquals(RopeScaling.none().inverseFrequencies(10000, 64, 0, 1024), dynamic.inverseFrequencies(10000, 64, 1024, 1024), 0);
        assertArrayEquals(RopeScaling.ntk(5).inverseFrequencies(10000, 64, 0, 1024), dynamic.inverseFrequencies(10000, 64, 2048, 1024), 1e-15);
        Rope rope = rope(Rope.Spec.defaults().withScaling(dynamic), 64, 1024);
        float[] q = random(new Random(1), 64);
        // within the original length the rotation is plain RoPE
        assertEquals(rope(Rope.Spec.defaults(), 64, 1024).score(q, 700, q, 3), rope.score(q, 700, q, 3), 1e-5);
    }

    /**
     * YaRN (Peng et al. 2023, and Hugging Face's _compute_yarn_parameters): for head_dim 64, base 10000,
     * s = 4, L₀ = 2048, β = 32/1, the ramp runs over dims [floor(8.06), ceil(20.11)] = [8, 21]
     * (64·ln(2048/(β·2π))/(2·ln 10000), computed by hand):
     * fast dims keep θ, slow dims get θ/s, and cos/sin carry 0.1·ln 4 + 1 = 1.1386.
     */
    @Test
    void yarnRampsBetweenExtrapolationAndInterpolation() {
        RopeScaling yarn = RopeScaling.yarn(4, 2048);
        double[] plain = RopeScaling.none().inverseFrequencies(10000, 64, 0, 2048);
        double[] inv = yarn.inverseFrequencies(10000, 64, 0, 2048);
        for (int i = 0; i <= 8; i++) {
            assertEquals(plain[i], inv[i], 1e-15, "extrapolated dim " + i);
        }
        for (int i = 21; i < 32; i++) {
            assertEquals(plain[i] / 4, inv[i], 1e-15, "interpolated dim " + i);
        }
        double ramp = (14 - 8) / 13.0; // dim 14, part way along the ramp: weight of interpolation
        assertEquals(plain[14] / 4 * ramp + plain[14] * (1 - ramp), inv[14], 1e-15);
        assertEquals(1 + 0.1 * Math.log(4), yarn.attentionFactor(), 1e-15);
        Rope rope = rope(Rope.Spec.defaults().withScaling(yarn), 64, 2048);
        assertEquals(1 + 0.1 * Math.log(4), rope.tableFor(0).cos()[0], 1e-6);
    }

    @Test
    void specsRefuseBadValuesWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rope.Spec(10000, 1.5, RotaryPairing.ADJACENT, RopeScaling.none()));
        assertTrue(e.getMessage().contains("rotaryFraction 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RopeScaling.linear(0.5));
        assertTrue(e.getMessage().contains("factor 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> rope(Rope.Spec.defaults().withRotaryFraction(0.01), 64, 16));
        assertTrue(e.getMessage().contains("rotaryFraction"), e.getMessage());
        Rope rope = rope(Rope.Spec.defaults(), 8, 16);
        e = assertThrows(IllegalArgumentException.class, () -> rope.rotateQueries(TAPE, Tensor.zeros(1, 1, 3, 6), Positions.first(3)));
        assertTrue(e.getMessage().contains("[1, 1, 3, 6]"), e.getMessage());
    }

    @Test
    void runsPastTheTrainingLengthAndGivesScoreAgainstDistance() {
        Rope rope = rope(Rope.Spec.defaults(), 16, 8);
        assertTrue(rope.extrapolates());
        Tensor y = rope.rotateQueries(TAPE, Tensor.zeros(1, 1, 2, 16), Positions.range(5000, 2));
        assertEquals(32, y.size());
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        Table t = rope.scoreByDistance(ones, ones, 50);
        assertEquals(16, t.values()[0][0], 1e-4);
        assertTrue(t.values()[0][50] < 16);
    }

    /** Far positions use a per-call table (memory does not follow the position) and keep the relative property. */
    @Test
    void farPositionsKeepScoresRelative() {
        Rope rope = rope(Rope.Spec.defaults(), 16, 64);
        float[] q = random(new Random(9), 16);
        float[] k = random(new Random(10), 16);
        int far = 1_000_000;
        Tensor rq = rope.rotateQueries(TAPE, Tensor.of(q.clone(), 1, 1, 1, 16), Positions.range(far + 7, 1));
        Tensor rk = rope.rotateKeys(TAPE, Tensor.of(k.clone(), 1, 1, 1, 16), Positions.range(far + 2, 1));
        double s = 0;
        for (int d = 0; d < 16; d++) {
            s += (double) rq.data()[d] * rk.data()[d];
        }
        assertEquals(rope.score(q, 7, k, 2), s, 1e-5);
    }
}
