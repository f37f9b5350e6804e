package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SinusoidalTest {
    /** Golden: sinusoidal_d16.json (Vaswani et al. 2017 §3.5, interleaved), see resources/golden/README.md. */
    @Test
    void addsTheGoldenEncodingToTheInput() {
        JsonNode g = Golden.read("sinusoidal_d16.json");
        JsonNode positions = g.get("positions");
        int n = positions.size();
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = positions.get(i).asInt();
        }
        Sinusoidal enc = new Sinusoidal(Sinusoidal.Spec.defaults(), 16);
        Tensor x = Tensor.zeros(1, n, 16);
        Tensor y = enc.embed(Tape.inference(Parallel.serial()), x, Positions.of(new int[][] {pos}));
        for (int i = 0; i < n; i++) {
            double[] want = Golden.doubles(g.get("values").get(i));
            for (int d = 0; d < 16; d++) {
                assertEquals(want[d], y.get(0, i, d), 1e-6, "position " + pos[i] + " dim " + d);
            }
        }
    }

    /** PE(p + k) = M_k·PE(p) with M_k a rotation by k·ω_i of every (sin, cos) pair, the same for every p. */
    @Test
    void shiftIsAFixedLinearMap() {
        int C = 32;
        Sinusoidal enc = new Sinusoidal(Sinusoidal.Spec.defaults(), C);
        for (int k : new int[] {1, 5, 300}) {
            for (int p : new int[] {0, 3, 77, 1000, 4095}) {
                float[] pe = enc.encode(p);
                float[] shifted = enc.encode(p + k);
                for (int i = 0; i < C / 2; i++) {
                    double w = k / Math.pow(10000, 2.0 * i / C);
                    double sin = pe[2 * i] * Math.cos(w) + pe[2 * i + 1] * Math.sin(w);
                    double cos = pe[2 * i + 1] * Math.cos(w) - pe[2 * i] * Math.sin(w);
                    assertEquals(shifted[2 * i], sin, 2e-5, "p " + p + " k " + k + " pair " + i);
                    assertEquals(shifted[2 * i + 1], cos, 2e-5, "p " + p + " k " + k + " pair " + i);
                }
            }
        }
    }

    @Test
    void similarityIsOneOnTheDiagonal() {
        Table t = new Sinusoidal(Sinusoidal.Spec.defaults(), 16).pictures(6).get(0);
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0, t.values()[i][i], 1e-6);
        }
        assertEquals(t.values()[1][4], t.values()[4][1], 1e-12);
    }

    @Test
    void farPositionsAreComputedPerCall() {
        Sinusoidal enc = new Sinusoidal(Sinusoidal.Spec.defaults(), 16);
        Tensor y = enc.embed(Tape.inference(Parallel.serial()), Tensor.zeros(1, 2, 16), Positions.range(5_000_000, 2));
        float[] want = enc.encode(5_000_001);
        for (int d = 0; d < 16; d++) {
            assertEquals(want[d], y.get(0, 1, d), 0);
        }
    }

    /** Vaswani et al. §3.4: with scaleInput the token embeddings are scaled by √C before the table is added. */
    @Test
    void tokenEmbeddingsAreScaledBySqrtCWhenAsked() {
        Tensor x = Tensor.zeros(1, 2, 16);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = 0.01f * (i + 1);
        }
        Tape tape = Tape.inference(Parallel.serial());
        Tensor scaled = new Sinusoidal(new Sinusoidal.Spec(10000, true), 16).embed(tape, x, Positions.range(3, 2));
        Tensor plain = new Sinusoidal(Sinusoidal.Spec.defaults(), 16).embed(tape, x, Positions.range(3, 2));
        for (int t = 0; t < 2; t++) {
            float[] pe = new Sinusoidal(Sinusoidal.Spec.defaults(), 16).encode(3 + t);
            for (int d = 0; d < 16; d++) {
                float xi = x.get(0, t, d);
                assertEquals(4 * xi + pe[d], scaled.get(0, t, d), 1e-6, "scaled t " + t + " d " + d);
                assertEquals(xi + pe[d], plain.get(0, t, d), 1e-6, "plain t " + t + " d " + d);
            }
        }
    }
}
