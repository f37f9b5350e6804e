package io.github.swapformer.arch.attention;

import static io.github.swapformer.arch.attention.AttentionFixture.randomInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.arch.block.Block;
import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalKind;
import io.github.swapformer.positional.Positions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KvCacheTest {
    static final int VOCAB = 17;
    static final int B = 3;
    static final int LENGTH = 9;
    static final int PROMPT = 3;

    /** d 16, 4 query heads over 2 key/value heads, 2 layers, 32 positions. */
    static DecoderOnlyModel model(PositionalKind kind) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.RMS_NORM, 1e-5, FfnSpec.of(FfnKind.SWIGLU),
                false, 0.0, 0.0, ResidualScaling.NONE);
        return new DecoderOnlyModel(new TransformerConfig(ArchitectureKind.DECODER_ONLY, VOCAB, 16, 4, 2, 2, 0, 32,
                kind.defaultSpec(), block, HeadTying.UNTIED, true), 3);
    }

    static void use(DecoderOnlyModel m, AttentionSpec spec) {
        for (Block b : m.blocks()) {
            b.selfAttention().use(spec);
        }
    }

    static int[] ids() {
        int[] ids = new int[B * LENGTH];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7 + 3) % VOCAB;
        }
        return ids;
    }

    static int[] columns(int[] ids, int t0, int t1) {
        int[] out = new int[B * (t1 - t0)];
        for (int b = 0; b < B; b++) {
            System.arraycopy(ids, b * LENGTH + t0, out, b * (t1 - t0), t1 - t0);
        }
        return out;
    }

    /** Logits (B, LENGTH, V) decoded as a prompt of PROMPT tokens, then one token per step. */
    static float[] decode(DecoderOnlyModel m, KvCache cache, Parallel pool) {
        int[] ids = ids();
        float[] out = new float[B * LENGTH * VOCAB];
        for (int t0 = 0, t1 = PROMPT; t0 < LENGTH; t0 = t1, t1 = t1 + 1) {
            Tensor logits = m.logits(Tape.inference(pool), columns(ids, t0, t1), B, t1 - t0, Positions.range(t0, t1 - t0), cache);
            for (int b = 0; b < B; b++) {
                System.arraycopy(logits.data(), b * (t1 - t0) * VOCAB, out, (b * LENGTH + t0) * VOCAB, (t1 - t0) * VOCAB);
            }
        }
        return out;
    }

    static Stream<Arguments> kindsAndKernels() {
        return Arrays.stream(PositionalKind.values()).flatMap(k -> Stream.of(
                Arguments.of(k, AttentionFixture.plain()), Arguments.of(k, AttentionFixture.streaming(2))));
    }

    @ParameterizedTest
    @MethodSource("kindsAndKernels")
    void cachedDecodingGivesTheUncachedLogits(PositionalKind kind, AttentionSpec spec) {
        DecoderOnlyModel m = model(kind);
        try (Parallel pool = Parallel.serial()) {
            use(m, AttentionFixture.plain());
            float[] full = m.logits(Tape.inference(pool), ids(), B, LENGTH).data();
            use(m, spec);
            assertArrayEquals(full, decode(m, m.newCache(), pool), 1e-5f, kind + " growing cache");
            KvCache preallocated = new KvCache(2, LENGTH);
            assertArrayEquals(full, decode(m, preallocated, pool), 1e-5f, kind + " preallocated cache");
            assertEquals(LENGTH, preallocated.layer(1).capacity(), "written in place, never reallocated");
        }
    }

    @Test
    void batchedDecodingEqualsDecodingEachRowAlone() {
        DecoderOnlyModel m = model(PositionalKind.ROPE);
        try (Parallel pool = Parallel.of(2)) {
            float[] batched = decode(m, new KvCache(2, 16), pool);
            int[] ids = ids();
            for (int b = 0; b < B; b++) {
                int[] row = Arrays.copyOfRange(ids, b * LENGTH, (b + 1) * LENGTH);
                float[] alone = m.logits(Tape.inference(pool), row, 1, LENGTH).data();
                float[] mine = Arrays.copyOfRange(batched, b * LENGTH * VOCAB, (b + 1) * LENGTH * VOCAB);
                assertArrayEquals(alone, mine, 1e-5f, "batch row " + b);
            }
        }
    }

    @Test
    void reorderMovesBatchRowsAndDecodingGoesOn() {
        DecoderOnlyModel m = model(PositionalKind.ALIBI);
        int[] ids = ids();
        try (Parallel pool = Parallel.serial()) {
            KvCache cache = new KvCache(2, 16);
            m.logits(Tape.inference(pool), columns(ids, 0, 4), B, 4, Positions.first(4), cache);
            cache.reorder(new int[] {2, 2, 0, 1}); // B = 3 → 4 rows, one repeated
            int[] next = {5, 6, 7, 8};
            Tensor step = m.logits(Tape.inference(pool), next, 4, 1, Positions.range(4, 1), cache);
            int[] source = {2, 2, 0, 1};
            for (int i = 0; i < 4; i++) {
                int[] row = new int[5];
                System.arraycopy(ids, source[i] * LENGTH, row, 0, 4);
                row[4] = next[i];
                Tensor alone = m.logits(Tape.inference(pool), row, 1, 5);
                assertArrayEquals(Arrays.copyOfRange(alone.data(), 4 * VOCAB, 5 * VOCAB),
                        Arrays.copyOfRange(step.data(), i * VOCAB, (i + 1) * VOCAB), 1e-5f, "new row " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> cache.reorder(new int[] {4}));
        }
    }

    @Test
    void aSlotWritesRowsInPlaceAndGrowsByDoubling() {
        KvCache cache = new KvCache(1);
        KvCache.Slot slot = cache.layer(0);
        Tensor k1 = randomInput(1, 2, 3, 2, 5);
        Tensor v1 = randomInput(2, 2, 3, 2, 5);
        KeyValues kv = slot.append(k1, v1);
        assertEquals(2, slot.capacity());
        Tensor k2 = randomInput(3, 2, 3, 1, 5);
        kv = slot.append(k2, randomInput(4, 2, 3, 1, 5));
        assertEquals(4, slot.capacity());
        assertEquals(3, kv.length());
        Tensor keys = slot.keys();
        assertArrayEquals(new int[] {2, 3, 3, 5}, keys.shape());
        for (int bh = 0; bh < 6; bh++) {
            assertArrayEquals(Arrays.copyOfRange(k1.data(), bh * 10, bh * 10 + 10), Arrays.copyOfRange(keys.data(), bh * 15, bh * 15 + 10));
            assertArrayEquals(Arrays.copyOfRange(k2.data(), bh * 5, bh * 5 + 5), Arrays.copyOfRange(keys.data(), bh * 15 + 10, bh * 15 + 15));
        }
        slot.append(randomInput(5, 2, 3, 1, 5), randomInput(6, 2, 3, 1, 5));
        assertEquals(4, slot.capacity(), "the fourth row fits without growing");
        assertEquals(4, cache.length());
        assertThrows(IllegalArgumentException.class, () -> slot.append(randomInput(7, 1, 3, 1, 5), randomInput(7, 1, 3, 1, 5)));
        cache.clear();
        assertEquals(0, cache.length());
        slot.append(randomInput(8, 1, 3, 1, 5), randomInput(9, 1, 3, 1, 5));
        assertEquals(1, slot.length(), "after clear a new batch shape starts afresh");
    }
}
