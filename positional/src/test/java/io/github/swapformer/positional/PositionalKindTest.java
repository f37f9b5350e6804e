package io.github.swapformer.positional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PositionalKindTest {
    private static final AttentionShape SHAPE = new AttentionShape(16, 2, 2, 8, 32, true);

    @ParameterizedTest
    @EnumSource(PositionalKind.class)
    void defaultSpecBelongsToItsKindAndBuilds(PositionalKind kind) {
        PositionalSpec spec = kind.defaultSpec();
        assertEquals(kind, spec.kind());
        assertEquals(kind, kind.build(spec, SHAPE, 1).kind());
        assertEquals(spec, kind.defaultSpec(), "specs are values");
    }

    @Test
    void aSpecOfAnotherKindIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PositionalKind.ROPE.build(PositionalKind.ALIBI.defaultSpec(), SHAPE, 1));
        assertTrue(e.getMessage().contains("ALIBI") && e.getMessage().contains("ROPE"), e.getMessage());
    }

    @Test
    void attentionShapeNamesBadGeometry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttentionShape(16, 6, 4, 8, 32, true));
        assertTrue(e.getMessage().contains("nHeads 6") && e.getMessage().contains("nKvHeads 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AttentionShape.multiHead(100, 3, 32, true));
        assertTrue(e.getMessage().contains("dModel 100 is not divisible by nHeads 3"), e.getMessage());
    }
}
