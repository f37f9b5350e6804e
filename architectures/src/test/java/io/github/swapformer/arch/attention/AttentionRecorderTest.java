package io.github.swapformer.arch.attention;

import static io.github.swapformer.arch.attention.AttentionFixture.randomInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import org.junit.jupiter.api.Test;

class AttentionRecorderTest {
    @Test
    void capturesEachCallsProbabilitiesOfOneExampleEvenWhenStreamingWasAsked() {
        AttentionFixture f = AttentionFixture.causal(PositionalKind.ALIBI);
        f.attention.use(AttentionFixture.streaming(2));
        Tensor x = randomInput(1, 3, 5, f.shape.dModel());
        AttentionRecorder first = new AttentionRecorder(0);
        AttentionRecorder last = new AttentionRecorder(2);
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.inference(pool);
            AttentionContext ctx = f.context(3, 5, Masks.causal(3, 5, 5));
            f.attention.forward(tape, x, ctx.withRecorder(first), null);
            f.attention.forward(tape, x, ctx.withRecorder(first), null);
            f.attention.forward(tape, x, ctx.withRecorder(last), null);
        }
        assertEquals(2, first.maps().size());
        assertEquals(1, first.maps().get(1).call());
        float[][][] p = first.maps().get(0).probs();
        assertEquals(4, p.length);
        for (float[][] head : p) {
            assertEquals(5, head.length);
            for (int t = 0; t < 5; t++) {
                double sum = 0;
                for (int s = 0; s < 5; s++) {
                    sum += head[t][s];
                    if (s > t) {
                        assertEquals(0f, head[t][s]);
                    }
                }
                assertEquals(1, sum, 1e-5);
            }
        }
        assertNotEquals(p[1][4][0], last.maps().get(0).probs()[1][4][0], "another batch row, other weights");
        first.clear();
        assertEquals(0, first.maps().size());
    }

    @Test
    void crossAttentionRecordsTOverS() {
        AttentionFixture f = new AttentionFixture(PositionalKind.NOPE, 4, 2, 3, false, 2);
        AttentionRecorder rec = new AttentionRecorder(1);
        try (Parallel pool = Parallel.serial()) {
            f.attention.forwardCross(Tape.inference(pool), randomInput(2, 2, 3, 12), randomInput(3, 2, 7, 12), null, rec);
        }
        assertEquals(3, rec.maps().get(0).probs()[0].length);
        assertEquals(7, rec.maps().get(0).probs()[0][0].length);
    }

    @Test
    void aLayerCanRecordWithoutTheContextAndTheContextWins() {
        AttentionFixture f = AttentionFixture.causal(PositionalKind.NOPE);
        AttentionRecorder layer = new AttentionRecorder(0);
        AttentionRecorder context = new AttentionRecorder(0);
        f.attention.recordInto(layer);
        Tensor x = randomInput(4, 1, 3, f.shape.dModel());
        try (Parallel pool = Parallel.serial()) {
            AttentionContext ctx = AttentionContext.causal(f.encoding, io.github.swapformer.positional.Positions.first(3));
            f.attention.forward(Tape.inference(pool), x, ctx, null);
            f.attention.forward(Tape.inference(pool), x, ctx.withRecorder(context), null);
            f.attention.recordInto(null);
            f.attention.forward(Tape.inference(pool), x, ctx, null);
        }
        assertEquals(1, layer.maps().size());
        assertEquals(1, context.maps().size());
        assertEquals(0f, layer.maps().get(0).probs()[2][0][1], "the causal rule applies to recorded maps");
    }

    @Test
    void refusesAnExampleOutsideTheBatch() {
        AttentionFixture f = new AttentionFixture(PositionalKind.NOPE, 4, 2, 3, false, 2);
        AttentionRecorder rec = new AttentionRecorder(2);
        try (Parallel pool = Parallel.serial()) {
            assertThrows(IllegalArgumentException.class, () -> f.attention.forwardCross(Tape.inference(pool),
                    randomInput(2, 2, 3, 12), randomInput(3, 2, 7, 12), null, rec));
        }
        assertThrows(IllegalArgumentException.class, () -> new AttentionRecorder(-1));
    }
}
