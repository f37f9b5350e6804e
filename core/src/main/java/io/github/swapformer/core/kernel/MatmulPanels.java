package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A·Bᵀ for a few rows of A against a B stored as column panels ({@link MatmulKernels#packPanels}):
 * each panel holds {@link MatmulKernels#PANEL} rows of B transposed, k-major, so a product streams
 * B once, in order, and every output lane is one fma chain along k. No sum across lanes is needed,
 * unlike dot products along B's rows ({@link MatmulSmall#dot}), whose reductions cost more than
 * the multiply-adds when A has 2 to 16 rows (a decoding step of that many sequences). Every output
 * element is the same fma chain whatever block of panels a call is given, so any split over
 * threads gives the same bits.
 *
 * <p>All Vector API: reached from {@link MatmulKernels}' SIMD twin only (the rule in {@link Simd}).
 */
final class MatmulPanels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private MatmulPanels() {
    }

    /** Panels [p0, p1) of out(M,N) = a(M,K)·bᵀ, B given as panels. */
    static void product(float[] out, int outOff, float[] a, int aOff, float[] panels, int M, int N, int K,
                        int p0, int p1, boolean accumulate) {
        int w = MatmulKernels.PANEL;
        float[] scratch = new float[8 * w]; // a last panel narrower than PANEL is written through it
        int m8 = M / 8 * 8;
        int m4 = m8 + (M - m8) / 4 * 4;
        for (int p = p0; p < p1; p++) {
            int n = p * w;
            int width = Math.min(w, N - n);
            for (int m = 0; m < m8; m += 8) {
                rows8(out, outOff + m * N + n, N, a, aOff + m * K, K, panels, p * K * w, width, scratch, accumulate);
            }
            for (int m = m8; m < m4; m += 4) {
                rows4(out, outOff + m * N + n, N, a, aOff + m * K, K, panels, p * K * w, width, scratch, accumulate);
            }
            for (int m = m4; m < M; m++) {
                rows1(out, outOff + m * N + n, a, aOff + m * K, K, panels, p * K * w, width, scratch, accumulate);
            }
        }
    }

    /** Four rows of a against one panel: eight accumulators, two loads of B per k. */
    private static void rows4(float[] out, int o, int N, float[] a, int a0, int K, float[] panels, int q,
                              int width, float[] scratch, boolean accumulate) {
        int a1 = a0 + K;
        int a2 = a1 + K;
        int a3 = a2 + K;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int k = 0; k < K; k++, q += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, panels, q);
            FloatVector b1 = FloatVector.fromArray(S, panels, q + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + k]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[a1 + k]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(S, a[a2 + k]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(S, a[a3 + k]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
        }
        if (width == 2 * L && accumulate) { // written out: a helper taking vectors might not inline, and would box
            s00 = s00.add(FloatVector.fromArray(S, out, o));
            s01 = s01.add(FloatVector.fromArray(S, out, o + L));
            s10 = s10.add(FloatVector.fromArray(S, out, o + N));
            s11 = s11.add(FloatVector.fromArray(S, out, o + N + L));
            s20 = s20.add(FloatVector.fromArray(S, out, o + 2 * N));
            s21 = s21.add(FloatVector.fromArray(S, out, o + 2 * N + L));
            s30 = s30.add(FloatVector.fromArray(S, out, o + 3 * N));
            s31 = s31.add(FloatVector.fromArray(S, out, o + 3 * N + L));
        }
        if (width == 2 * L) {
            s00.intoArray(out, o);
            s01.intoArray(out, o + L);
            s10.intoArray(out, o + N);
            s11.intoArray(out, o + N + L);
            s20.intoArray(out, o + 2 * N);
            s21.intoArray(out, o + 2 * N + L);
            s30.intoArray(out, o + 3 * N);
            s31.intoArray(out, o + 3 * N + L);
        } else {
            s00.intoArray(scratch, 0);
            s01.intoArray(scratch, L);
            s10.intoArray(scratch, 2 * L);
            s11.intoArray(scratch, 3 * L);
            s20.intoArray(scratch, 4 * L);
            s21.intoArray(scratch, 5 * L);
            s30.intoArray(scratch, 6 * L);
            s31.intoArray(scratch, 7 * L);
            for (int r = 0; r < 4; r++) {
                narrow(out, o + r * N, scratch, r * 2 * L, width, accumulate);
            }
        }
    }

    /**
     * Eight rows of a against one panel: sixteen accumulators, so that B's two vectors per k serve
     * sixteen multiply-adds and enough independent chains hide the fma latency (a decoding step of
     * 8 sequences). Each output is the same fma chain as in {@link #rows4} and {@link #rows1}.
     */
    private static void rows8(float[] out, int o, int N, float[] a, int a0, int K, float[] panels, int q,
                              int width, float[] scratch, boolean accumulate) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        FloatVector s40 = s00, s41 = s00, s50 = s00, s51 = s00, s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int k = 0, ak = a0; k < K; k++, ak++, q += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, panels, q);
            FloatVector b1 = FloatVector.fromArray(S, panels, q + L);
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(S, a[ak + K]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(S, a[ak + 2 * K]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(S, a[ak + 3 * K]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            x = FloatVector.broadcast(S, a[ak + 4 * K]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
            x = FloatVector.broadcast(S, a[ak + 5 * K]);
            s50 = x.fma(b0, s50);
            s51 = x.fma(b1, s51);
            x = FloatVector.broadcast(S, a[ak + 6 * K]);
            s60 = x.fma(b0, s60);
            s61 = x.fma(b1, s61);
            x = FloatVector.broadcast(S, a[ak + 7 * K]);
            s70 = x.fma(b0, s70);
            s71 = x.fma(b1, s71);
        }
        if (width == 2 * L) { // a full panel: straight into out (through scratch cost 4% of a batch-8 step's samples)
            if (accumulate) {
                s00 = s00.add(FloatVector.fromArray(S, out, o));
                s01 = s01.add(FloatVector.fromArray(S, out, o + L));
                s10 = s10.add(FloatVector.fromArray(S, out, o + N));
                s11 = s11.add(FloatVector.fromArray(S, out, o + N + L));
                s20 = s20.add(FloatVector.fromArray(S, out, o + 2 * N));
                s21 = s21.add(FloatVector.fromArray(S, out, o + 2 * N + L));
                s30 = s30.add(FloatVector.fromArray(S, out, o + 3 * N));
                s31 = s31.add(FloatVector.fromArray(S, out, o + 3 * N + L));
                s40 = s40.add(FloatVector.fromArray(S, out, o + 4 * N));
                s41 = s41.add(FloatVector.fromArray(S, out, o + 4 * N + L));
                s50 = s50.add(FloatVector.fromArray(S, out, o + 5 * N));
                s51 = s51.add(FloatVector.fromArray(S, out, o + 5 * N + L));
                s60 = s60.add(FloatVector.fromArray(S, out, o + 6 * N));
                s61 = s61.add(FloatVector.fromArray(S, out, o + 6 * N + L));
                s70 = s70.add(FloatVector.fromArray(S, out, o + 7 * N));
                s71 = s71.add(FloatVector.fromArray(S, out, o + 7 * N + L));
            }
            s00.intoArray(out, o);
            s01.intoArray(out, o + L);
            s10.intoArray(out, o + N);
            s11.intoArray(out, o + N + L);
            s20.intoArray(out, o + 2 * N);
            s21.intoArray(out, o + 2 * N + L);
            s30.intoArray(out, o + 3 * N);
            s31.intoArray(out, o + 3 * N + L);
            s40.intoArray(out, o + 4 * N);
            s41.intoArray(out, o + 4 * N + L);
            s50.intoArray(out, o + 5 * N);
            s51.intoArray(out, o + 5 * N + L);
            s60.intoArray(out, o + 6 * N);
            s61.intoArray(out, o + 6 * N + L);
            s70.intoArray(out, o + 7 * N);
            s71.intoArray(out, o + 7 * N + L);
            return;
        }
        // a narrow last panel: through scratch, then out (stores written out, since a helper taking vectors might not inline, and would box)
        s00.intoArray(scratch, 0);
        s01.intoArray(scratch, L);
        s10.intoArray(scratch, 2 * L);
        s11.intoArray(scratch, 3 * L);
        s20.intoArray(scratch, 4 * L);
        s21.intoArray(scratch, 5 * L);
        s30.intoArray(scratch, 6 * L);
        s31.intoArray(scratch, 7 * L);
        s40.intoArray(scratch, 8 * L);
        s41.intoArray(scratch, 9 * L);
        s50.intoArray(scratch, 10 * L);
        s51.intoArray(scratch, 11 * L);
        s60.intoArray(scratch, 12 * L);
        s61.intoArray(scratch, 13 * L);
        s70.intoArray(scratch, 14 * L);
        s71.intoArray(scratch, 15 * L);
        for (int r = 0; r < 8; r++) {
            narrow(out, o + r * N, scratch, r * 2 * L, width, accumulate);
        }
    }

    /** One row of a against one panel. */
    private static void rows1(float[] out, int o, float[] a, int a0, int K, float[] panels, int q,
                              int width, float[] scratch, boolean accumulate) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        for (int k = 0; k < K; k++, q += 2 * L) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + k]);
            s0 = x.fma(FloatVector.fromArray(S, panels, q), s0);
            s1 = x.fma(FloatVector.fromArray(S, panels, q + L), s1);
        }
        if (width == 2 * L) {
            if (accumulate) {
                s0 = s0.add(FloatVector.fromArray(S, out, o));
                s1 = s1.add(FloatVector.fromArray(S, out, o + L));
            }
            s0.intoArray(out, o);
            s1.intoArray(out, o + L);
        } else {
            s0.intoArray(scratch, 0);
            s1.intoArray(scratch, L);
            narrow(out, o, scratch, 0, width, accumulate);
        }
    }

    private static void narrow(float[] out, int o, float[] scratch, int from, int width, boolean accumulate) {
        for (int j = 0; j < width; j++) {
            out[o + j] = accumulate ? out[o + j] + scratch[from + j] : scratch[from + j];
        }
    }
}
