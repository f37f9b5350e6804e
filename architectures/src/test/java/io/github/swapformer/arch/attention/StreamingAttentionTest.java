package io.github.swapformer.arch.attention;

import static io.github.swapformer.arch.attention.AttentionFixture.plain;
import static io.github.swapformer.arch.attention.AttentionFixture.randomInput;
import static io.github.swapformer.arch.attention.AttentionFixture.streaming;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming kernel against the plain one (forward and every gradient), and its SIMD twin against its scalar spec. */
class StreamingAttentionTest {
    static final float TOL = 1e-5f;

    /** Output and the gradients of x and of every parameter (layer and encoding) after one backward pass. */
    static List<float[]> run(AttentionFixture f, AttentionSpec spec, Tensor x, AttentionContext ctx, long tapeSeed, Parallel pool) {
        f.attention.use(spec);
        f.zeroGrad();
        Tensor leaf = Tensor.of(x.data().clone(), x.shape()).withGrad();
        Tape tape = Tape.recording(pool).seeded(tapeSeed);
        Tensor y = f.attention.forward(tape, leaf, ctx, null);
        tape.backward(y, randomInput(77, y.shape()).data());
        List<float[]> out = new ArrayList<>();
        out.add(y.data());
        out.add(leaf.grad());
        for (Tensor p : f.parameters()) {
            out.add(p.grad().clone());
        }
        return out;
    }

    static void assertAgree(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i);
            float[] a = actual.get(i);
            double scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < e.length; k++) { // 1e-5 absolute, or relative to the tensor's largest entry
                assertEquals(e[k], a[k], TOL * Math.max(1, scale), what + ": tensor " + i + " (0 output, 1 dx, then parameters) element " + k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void agreesWithThePlainKernelForEveryEncoding(PositionalKind kind) {
        AttentionFixture f = new AttentionFixture(kind, 4, 2, AttentionFixture.headDim(kind), true, 31);
        int B = 2;
        int T = 13;
        Tensor x = randomInput(32, B, T, f.shape.dModel());
        AttentionContext ctx = f.context(B, T, Masks.causal(B, T, T));
        try (Parallel pool = Parallel.serial()) {
            List<float[]> reference = run(f, plain(), x, ctx, 1, pool);
            for (int block : new int[] {1, 5, 13, 64}) {
                assertAgree(reference, run(f, streaming(block), x, ctx, 1, pool), kind + " block " + block);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MaskMode.class)
    void theCausalRuleEqualsTheCausalMaskArray(MaskMode mode) {
        AttentionFixture f = new AttentionFixture(PositionalKind.T5_BIAS, 4, 2, 3, true, 42);
        int B = 2;
        int T = 11;
        Tensor x = randomInput(43, B, T, f.shape.dModel());
        Tensor padding = Masks.padding(new boolean[][] {
            {true, true, true, true, true, true, true, true, true, true, true},
            {false, true, true, true, true, true, true, true, true, false, true}}, T);
        AttentionContext dense = f.context(B, T, Masks.combine(Masks.causal(B, T, T), padding));
        AttentionContext rule = AttentionContext.causal(f.encoding, Positions.first(T)).withMask(padding);
        try (Parallel pool = Parallel.serial()) {
            List<float[]> reference = run(f, plain().withMaskMode(mode), x, dense, 4, pool);
            assertAgree(reference, run(f, plain().withMaskMode(mode), x, rule, 4, pool), mode + " plain");
            assertAgree(reference, run(f, streaming(3).withMaskMode(mode), x, rule, 4, pool), mode + " streaming");
            assertAgree(reference, run(f, streaming(3).withMaskMode(mode), x, rule.withMask(null).withMask(padding), 4, pool), mode + " streaming, mask set twice");
            AttentionContext batched = f.context(B, T, Masks.causal(B, T, T));
            AttentionContext shared = f.context(B, T, Masks.causal(1, T, T)); // one (1, 1, T, S) mask for every row
            List<float[]> causalOnly = run(f, plain().withMaskMode(mode), x, batched, 4, pool);
            assertAgree(causalOnly, run(f, plain().withMaskMode(mode), x, shared, 4, pool), mode + " shared mask, plain");
            assertAgree(causalOnly, run(f, streaming(3).withMaskMode(mode), x, shared, 4, pool), mode + " shared mask, streaming");
        }
    }

    @ParameterizedTest
    @EnumSource(value = PositionalKind.class, names = {"T5_BIAS", "ALIBI", "SHAW_RELATIVE", "FIRE", "ROPE"})
    void agreesWithPaddingBidirectionalAttentionAndPackedPositions(PositionalKind kind) {
        AttentionFixture f = new AttentionFixture(kind, 4, 1, AttentionFixture.headDim(kind), false, 33);
        int B = 2;
        int T = 9;
        Tensor x = randomInput(34, B, T, f.shape.dModel());
        boolean[][] valid = {{true, true, true, true, true, true, true, false, false}, {true, true, true, true, true, true, true, true, true}};
        Positions packed = Positions.of(new int[][] {{0, 1, 2, 3, 0, 1, 2, 3, 4}, {5, 6, 7, 8, 9, 10, 11, 12, 13}});
        AttentionContext ctx = new AttentionContext(f.encoding, packed, Masks.padding(valid, T));
        try (Parallel pool = Parallel.serial()) {
            assertAgree(run(f, plain(), x, ctx, 2, pool), run(f, streaming(4), x, ctx, 2, pool), kind.toString());
        }
    }

    @Test
    void agreesUnderAttentionDropoutSeededThroughTheTape() {
        AttentionFixture f = new AttentionFixture(PositionalKind.T5_BIAS, 4, 2, 3, true, 35);
        Attention dropping = new Attention(f.shape, true, true, 0.3);
        dropping.loadStateDict(f.attention.stateDict());
        Tensor x = randomInput(36, 2, 11, f.shape.dModel());
        AttentionContext ctx = f.context(2, 11, Masks.causal(2, 11, 11));
        try (Parallel pool = Parallel.serial()) {
            dropping.use(plain());
            Tensor a = dropping.forward(Tape.recording(pool).seeded(5), x, ctx, null);
            dropping.use(streaming(4));
            Tensor b = dropping.forward(Tape.recording(pool).seeded(5), x, ctx, null);
            assertArrayEquals(a.data(), b.data(), TOL, "same tape seed, same dropout mask in both kernels");
            Tensor c = dropping.forward(Tape.recording(pool).seeded(6), x, ctx, null);
            assertTrue(AttentionFixture.maxAbsDiff(b.data(), c.data()) > 1e-3, "another seed drops other weights");
            Tensor noDrop = f.attention.forward(Tape.inference(pool), x, ctx, null);
            assertTrue(AttentionFixture.maxAbsDiff(a.data(), noDrop.data()) > 1e-3, "dropout changed something");
            assertArrayEquals(noDrop.data(), dropping.forward(Tape.inference(pool), x, ctx, null).data(), TOL,
                    "no dropout at inference");
        }
    }

    @Test
    void gradientsAgreeUnderDropout() {
        AttentionFixture f = new AttentionFixture(PositionalKind.SHAW_RELATIVE, 4, 2, 3, true, 37);
        Attention dropping = new Attention(f.shape, true, true, 0.25);
        dropping.loadStateDict(f.attention.stateDict());
        Tensor x = randomInput(38, 2, 7, f.shape.dModel());
        AttentionContext ctx = f.context(2, 7, Masks.causal(2, 7, 7));
        try (Parallel pool = Parallel.serial()) {
            List<float[]> results = new ArrayList<>();
            for (AttentionSpec spec : new AttentionSpec[] {plain(), streaming(3)}) {
                dropping.use(spec);
                dropping.zeroGrad();
                f.encoding.learned().ifPresent(m -> m.zeroGrad());
                Tensor leaf = Tensor.of(x.data().clone(), x.shape()).withGrad();
                Tape tape = Tape.recording(pool).seeded(9);
                Tensor y = dropping.forward(tape, leaf, ctx, null);
                tape.backward(y, randomInput(39, y.shape()).data());
                results.add(leaf.grad());
                results.add(dropping.key().weight().grad().clone());
                results.add(f.encoding.learned().orElseThrow().parameters().get(1).tensor().grad().clone());
            }
            assertAgree(results.subList(0, 3), results.subList(3, 6), "dropout 0.25");
        }
    }

    /** Shapes where an even split of rows or keys would cut a tile or a key chunk (B 1, T 45, blocks of 40 keys). */
    @ParameterizedTest
    @ValueSource(ints = {0, 8, 40})
    void isTheSameForAnyThreadCount(int block) {
        AttentionSpec spec = block == 0 ? plain() : streaming(block);
        int B = block == 40 ? 1 : 3;
        int T = block == 40 ? 45 : 37;
        AttentionFixture f = new AttentionFixture(PositionalKind.ALIBI, block == 40 ? 2 : 4, block == 40 ? 1 : 2, 8, true, 40);
        Tensor x = randomInput(41, B, T, f.shape.dModel());
        AttentionContext ctx = AttentionContext.causal(f.encoding, Positions.first(T));
        List<float[]> one;
        List<float[]> two;
        try (Parallel pool = Parallel.serial()) {
            one = run(f, spec, x, ctx, 3, pool);
        }
        try (Parallel pool = Parallel.of(2)) {
            two = run(f, spec, x, ctx, 3, pool);
        }
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "tensor " + i + " must be bitwise identical");
        }
    }

    /** A fully random problem for the twin tests: q, k, v, dO and a causal mask with head size HS. */
    private static StreamGeometry geometry(int HS, Random random, float[] mask, boolean multiplicative, float dropout) {
        int B = 1;
        int NH = 2;
        int T = 5;
        int S = 6;
        Tensor k = GradCheckless.random(random, B, 1, S, HS);
        Tensor v = GradCheckless.random(random, B, 1, S, HS);
        return new StreamGeometry(B, NH, T, HS, KeyValues.of(k, v), 0.37f, mask, multiplicative, dropout, 11, multiplicative ? StreamGeometry.NOT_CAUSAL : 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 100, 1023})
    void simdTwinsMatchTheirScalarSpecs(int HS) {
        Random random = new Random(HS);
        float[] mask = Masks.causal(1, 5, 6).data();
        for (boolean multiplicative : new boolean[] {false, true}) {
            StreamGeometry g = geometry(HS, random, mask, multiplicative, multiplicative ? 0.2f : 0f);
            int rows = g.rows();
            float[] q = GradCheckless.random(random, rows * HS).data();
            float[] bias = GradCheckless.random(random, rows * 4).data();
            float[][] fs = {new float[rows * HS], new float[rows], new float[rows]};
            float[][] fv = {new float[rows * HS], new float[rows], new float[rows]};
            java.util.Arrays.fill(fs[1], Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(fv[1], Float.NEGATIVE_INFINITY);
            StreamingKernels.forwardRowsScalar(fs[0], fs[1], fs[2], q, bias, g, 2, 6, 0, rows);
            StreamingKernels.forwardRowsSimd(fv[0], fv[1], fv[2], q, bias, g, 2, 6, 0, rows);
            for (int i = 0; i < 3; i++) {
                assertArrayClose(fs[i], fv[i], HS, "forward " + i);
            }
            float[] lse = new float[rows];
            StreamingKernels.finishRows(fs[0], lse, fs[1], fs[2], HS, 0, rows);
            float[] ps = new float[rows * 4];
            float[] pws = new float[rows * 4];
            float[] pv = new float[rows * 4];
            float[] pwv = new float[rows * 4];
            StreamingKernels.probabilityRowsScalar(ps, pws, q, bias, lse, g, 2, 6, 0, rows);
            StreamingKernels.probabilityRowsSimd(pv, pwv, q, bias, lse, g, 2, 6, 0, rows);
            assertArrayClose(ps, pv, HS, "p");
            assertArrayClose(pws, pwv, HS, "pw");
            float[] dO = GradCheckless.random(random, rows * HS).data();
            float[] D = GradCheckless.random(random, rows).data();
            float[] dqs = new float[rows * HS];
            float[] dqv = new float[rows * HS];
            StreamingKernels.gradientRowsScalar(ps, dqs, pws, dO, null, D, g, 2, 6, 0, rows);
            StreamingKernels.gradientRowsSimd(pv, dqv, pwv, dO, null, D, g, 2, 6, 0, rows);
            assertArrayClose(ps, pv, HS, "dz");
            assertArrayClose(dqs, dqv, HS, "dq");
            float[][] kvs = {new float[6 * HS], new float[6 * HS]};
            float[][] kvv = {new float[6 * HS], new float[6 * HS]};
            StreamingKernels.keyValueGradsScalar(kvs[0], kvs[1], ps, pws, q, dO, g, 2, 6, 0, 4);
            StreamingKernels.keyValueGradsSimd(kvv[0], kvv[1], ps, pws, q, dO, g, 2, 6, 0, 4);
            assertArrayClose(kvs[0], kvv[0], HS, "dk");
            assertArrayClose(kvs[1], kvv[1], HS, "dv");
        }
    }

    /** 1e-5 relative, widened for long heads: a dot product's rounding grows with its length. */
    static void assertArrayClose(float[] expected, float[] actual, int HS, String what) {
        for (int i = 0; i < expected.length; i++) {
            float tol = 1e-5f * Math.max(1f, Math.abs(expected[i])) * Math.max(1f, HS / 128f);
            if (!(Math.abs(expected[i] - actual[i]) <= tol) && expected[i] != actual[i]) {
                throw new AssertionError(what + " element " + i + ": scalar " + expected[i] + ", simd " + actual[i]);
            }
        }
    }

    /** Random tensors without gradients. */
    static final class GradCheckless {
        static Tensor random(Random random, int... shape) {
            Tensor t = Tensor.zeros(shape);
            for (int i = 0; i < t.size(); i++) {
                t.data()[i] = random.nextFloat() * 2f - 1f;
            }
            return t;
        }
    }
}
