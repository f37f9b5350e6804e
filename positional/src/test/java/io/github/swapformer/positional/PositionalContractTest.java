package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.core.testing.GradCheck;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract every encoding keeps: shapes, determinism, relative invariance, gradients. */
class PositionalContractTest {
    private static final int B = 2;
    private static final int T = 5;
    private static final int NH = 4;
    private static final int NKV = 2;
    private static final int HS = 8;
    private static final int C = NH * HS;
    private static final AttentionShape CAUSAL = new AttentionShape(C, NH, NKV, HS, 64, true);
    private static final AttentionShape BIDIRECTIONAL = new AttentionShape(C, NH, NKV, HS, 64, false);
    private static final Set<PositionalKind> RELATIVE = EnumSet.of(PositionalKind.NOPE, PositionalKind.ROPE,
            PositionalKind.T5_BIAS, PositionalKind.ALIBI, PositionalKind.SHAW_RELATIVE, PositionalKind.FIRE, PositionalKind.XPOS);

    /** Everything the hooks produce for one input, in one list. */
    private static List<Tensor> run(PositionalEncoding enc, Tape tape, Positions qPos, Positions kPos, long seed) {
        Random random = new Random(seed);
        Tensor x = GradCheck.randomLeaf(random, B, T, C);
        Tensor q = GradCheck.randomLeaf(random, B, NH, T, HS);
        Tensor k = GradCheck.randomLeaf(random, B, NKV, T, HS);
        Tensor scores = GradCheck.randomLeaf(random, B, NH, T, T);
        Tensor probs = GradCheck.randomLeaf(random, B, NH, T, T);
        Tensor out = GradCheck.randomLeaf(random, B, NH, T, HS);
        return List.of(enc.embed(tape, x, qPos), enc.rotateQueries(tape, q, qPos), enc.rotateKeys(tape, k, kPos),
                enc.biasScores(tape, scores, q, qPos, kPos), enc.mixValues(tape, out, probs, qPos, kPos));
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void hooksKeepShapesForCausalAndBidirectionalGroupedQueryAttention(PositionalKind kind) {
        for (AttentionShape shape : List.of(CAUSAL, BIDIRECTIONAL)) {
            PositionalEncoding enc = kind.build(shape, 1);
            assertEquals(kind, enc.kind());
            List<Tensor> outs = run(enc, Tape.inference(Parallel.serial()), Positions.first(T), Positions.first(T), 3);
            int[][] shapes = {{B, T, C}, {B, NH, T, HS}, {B, NKV, T, HS}, {B, NH, T, T}, {B, NH, T, HS}};
            for (int i = 0; i < shapes.length; i++) {
                assertArrayEquals(shapes[i], outs.get(i).shape(), kind + " hook " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void sameSeedAndThreadCountGiveBitwiseEqualResults(PositionalKind kind) {
        try (Parallel pool = Parallel.of(2)) {
            Positions packed = Positions.of(new int[][] {{0, 1, 2, 0, 1}, {3, 4, 5, 6, 7}});
            List<Tensor> a = run(kind.build(CAUSAL, 9), Tape.recording(pool), packed, packed, 5);
            List<Tensor> b = run(kind.build(CAUSAL, 9), Tape.recording(pool), packed, packed, 5);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).data(), b.get(i).data(), kind + " hook " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void noPeIsTheIdentity(PositionalKind kind) {
        if (kind != PositionalKind.NOPE) {
            return;
        }
        Tape tape = Tape.inference(Parallel.serial());
        Random random = new Random(2);
        Tensor x = GradCheck.randomLeaf(random, B, T, C);
        PositionalEncoding enc = kind.build(CAUSAL, 0);
        Positions p = Positions.first(T);
        assertSame(x, enc.embed(tape, x, p));
        Tensor q = GradCheck.randomLeaf(random, B, NH, T, HS);
        assertSame(q, enc.rotateQueries(tape, q, p));
        assertSame(q, enc.rotateKeys(tape, q, p));
        assertSame(x, enc.biasScores(tape, x, x, p, p));
        assertSame(x, enc.mixValues(tape, x, x, p, p));
        assertTrue(enc.learned().isEmpty());
    }

    /**
     * The attention logit of (query at m, key at n) after every hook, for m, n in packed positions,
     * must not change when all positions move together (RoPE, T5, ALiBi, Shaw, FIRE, xPos, NoPE).
     */
    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void scoresDependOnlyOnRelativePosition(PositionalKind kind) {
        if (!RELATIVE.contains(kind)) {
            return;
        }
        for (AttentionShape shape : List.of(CAUSAL, BIDIRECTIONAL)) {
            PositionalEncoding enc = kind.build(shape, 4);
            Positions packed = Positions.of(new int[][] {{0, 1, 2, 0, 1}, {3, 4, 5, 6, 9}});
            for (Positions pos : List.of(Positions.first(T), packed)) {
                float[] base = logits(enc, pos, 0);
                for (int shift : new int[] {1, 7, 40}) {
                    float[] moved = logits(enc, pos, shift);
                    for (int i = 0; i < base.length; i++) {
                        assertEquals(base[i], moved[i], 2e-4 * Math.max(1, Math.abs(base[i])), kind + " shift " + shift + " at " + i);
                    }
                }
            }
        }
    }

    private static float[] logits(PositionalEncoding enc, Positions pos, int shift) {
        Tape tape = Tape.inference(Parallel.serial());
        Random random = new Random(11);
        Tensor q = GradCheck.randomLeaf(random, B, NH, T, HS);
        Tensor k = GradCheck.randomLeaf(random, B, NH, T, HS);
        Positions p = pos.shifted(shift);
        Tensor rq = enc.rotateQueries(tape, q, p);
        Tensor rk = enc.rotateKeys(tape, k, p);
        Tensor scores = Tensor.zeros(B, NH, T, T);
        for (int bh = 0; bh < B * NH; bh++) {
            for (int i = 0; i < T; i++) {
                for (int j = 0; j < T; j++) {
                    float s = 0;
                    for (int d = 0; d < HS; d++) {
                        s += rq.data()[(bh * T + i) * HS + d] * rk.data()[(bh * T + j) * HS + d];
                    }
                    scores.data()[(bh * T + i) * T + j] = s / (float) Math.sqrt(HS);
                }
            }
        }
        return enc.biasScores(tape, scores, rq, p, p).data();
    }

    /** Central differences through every hook, into its inputs and the encoding's parameters. */
    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void gradientsFlowThroughEveryHook(PositionalKind kind) {
        for (AttentionShape shape : List.of(new AttentionShape(14, 2, 1, 8, 16, true), new AttentionShape(14, 2, 2, 8, 16, false))) {
            PositionalEncoding enc = kind.build(shape, 6);
            List<Tensor> params = new ArrayList<>();
            enc.learned().ifPresent(m -> m.parameters().forEach(p -> params.add(p.tensor())));
            Random random = new Random(8);
            Positions qPos = Positions.of(new int[][] {{2, 3, 4, 5, 6}, {0, 1, 2, 0, 1}});
            Positions kPos = Positions.of(new int[][] {{0, 1, 2, 3, 4, 5, 6}, {0, 1, 2, 0, 1, 2, 3}});
            Tensor x = GradCheck.randomLeaf(random, 2, 5, shape.dModel());
            Tensor q = GradCheck.randomLeaf(random, 2, 2, 5, 8);
            Tensor k = GradCheck.randomLeaf(random, 2, shape.nKvHeads(), 7, 8);
            Tensor scores = GradCheck.randomLeaf(random, 2, 2, 5, 7);
            Tensor probs = GradCheck.randomLeaf(random, 2, 2, 5, 7);
            Tensor out = GradCheck.randomLeaf(random, 2, 2, 5, 8);
            GradCheck check = GradCheck.standard();
            check.check(with(params, x), tape -> enc.embed(tape, x, qPos));
            check.check(List.of(q), tape -> enc.rotateQueries(tape, q, qPos));
            check.check(List.of(k), tape -> enc.rotateKeys(tape, k, kPos));
            check.check(with(params, scores, q), tape -> enc.biasScores(tape, scores, q, qPos, kPos));
            check.check(with(params, out, probs), tape -> enc.mixValues(tape, out, probs, qPos, kPos));
        }
    }

    private static List<Tensor> with(List<Tensor> params, Tensor... inputs) {
        List<Tensor> all = new ArrayList<>(List.of(inputs));
        all.addAll(params);
        return all;
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void learnedEncodingsAreModulesAndFixedOnesRecordNothing(PositionalKind kind) {
        PositionalEncoding enc = kind.build(CAUSAL, 1);
        boolean learned = EnumSet.of(PositionalKind.LEARNED_ABSOLUTE, PositionalKind.SHAW_RELATIVE,
                PositionalKind.T5_BIAS, PositionalKind.FIRE).contains(kind);
        assertEquals(learned, enc.learned().isPresent(), kind.toString());
        if (learned) {
            Module m = enc.learned().orElseThrow();
            assertTrue(m.parameterCount() > 0);
            for (Parameter p : m.parameters()) {
                assertTrue(p.tensor().requiresGrad(), p.name());
            }
        } else {
            Tape inputsWithoutGrad = Tape.recording(Parallel.serial());
            Tensor q = Tensor.zeros(B, NH, T, HS);
            enc.rotateQueries(inputsWithoutGrad, q, Positions.first(T));
            enc.biasScores(inputsWithoutGrad, Tensor.zeros(B, NH, T, T), q, Positions.first(T), Positions.first(T));
            enc.embed(inputsWithoutGrad, Tensor.zeros(B, T, C), Positions.first(T));
            assertEquals(0, inputsWithoutGrad.size(), kind + " recorded a backward with no gradient to compute");
        }
    }

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void picturesAreSquareTablesOfTheRequestedLength(PositionalKind kind) {
        PositionalEncoding enc = kind.build(CAUSAL, 1);
        List<Table> pics = enc.pictures(12);
        assertTrue(!pics.isEmpty());
        for (Table t : pics) {
            assertEquals(12, t.values().length, kind + " " + t.title());
            assertEquals(12, t.values()[0].length, kind + " " + t.title());
        }
    }
}
