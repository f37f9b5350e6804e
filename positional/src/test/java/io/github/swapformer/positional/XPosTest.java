package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XPosTest {
    private static final int HS = 8;

    /**
     * An independent transcription of xPos (arXiv 2212.10554 eq. in §3.2, torchscale's XPOS):
     * pair i of q rotated by m·θ_i and scaled by ζ_i^(m/512), pair i of k by n·θ_i and ζ_i^(−n/512),
     * ζ_i = (2i + 0.4·d)/(1.4·d), θ_i = 10000^(−2i/d).
     */
    private static double referenceScore(float[] q, int m, float[] k, int n) {
        double s = 0;
        for (int i = 0; i < HS / 2; i++) {
            double theta = Math.pow(10000, -2.0 * i / HS);
            double zeta = (2.0 * i + 0.4 * HS) / (1.4 * HS);
            double[] qr = rotate(q[2 * i], q[2 * i + 1], m * theta, Math.pow(zeta, m / 512.0));
            double[] kr = rotate(k[2 * i], k[2 * i + 1], n * theta, Math.pow(zeta, -n / 512.0));
            s += qr[0] * kr[0] + qr[1] * kr[1];
        }
        return s;
    }

    private static double[] rotate(double a, double b, double angle, double scale) {
        return new double[] {scale * (a * Math.cos(angle) - b * Math.sin(angle)), scale * (a * Math.sin(angle) + b * Math.cos(angle))};
    }

    @Test
    void scoresMatchTheReferenceAndDecayWithDistance() {
        XPos xpos = new XPos(XPos.Spec.defaults(), new AttentionShape(HS, 1, 1, HS, 64, true));
        Random r = new Random(6);
        float[] q = new float[HS];
        float[] k = new float[HS];
        for (int d = 0; d < HS; d++) {
            q[d] = r.nextFloat() * 2 - 1;
            k[d] = r.nextFloat() * 2 - 1;
        }
        Tape tape = Tape.inference(Parallel.serial());
        int[] m = {0, 3, 700, 2000};
        int[] n = {0, 1, 100, 1990};
        for (int c = 0; c < m.length; c++) {
            Tensor rq = xpos.rotateQueries(tape, Tensor.of(q.clone(), 1, 1, 1, HS), Positions.range(m[c], 1));
            Tensor rk = xpos.rotateKeys(tape, Tensor.of(k.clone(), 1, 1, 1, HS), Positions.range(n[c], 1));
            double s = 0;
            for (int d = 0; d < HS; d++) {
                s += (double) rq.data()[d] * rk.data()[d];
            }
            double want = referenceScore(q, m[c], k, n[c]);
            assertEquals(want, s, 1e-5 * Math.max(1, Math.abs(want)), "m " + m[c] + " n " + n[c]);
        }
        float[] ones = new float[HS];
        java.util.Arrays.fill(ones, 1f);
        assertTrue(referenceScore(ones, 2000, ones, 0) < referenceScore(ones, 0, ones, 0));
    }
}
