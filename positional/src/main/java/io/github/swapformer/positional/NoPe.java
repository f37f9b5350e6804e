package io.github.swapformer.positional;

import java.util.List;

/**
 * NoPE: no positional encoding at all; a causal model sees order only through its mask
 * (Kazemnejad et al. 2023, "The Impact of Positional Encoding on Length Generalization",
 * arXiv 2305.19466). Every hook is the identity.
 */
public final class NoPe implements PositionalEncoding {
    /** NoPE has nothing to configure. */
    public record Spec() implements PositionalSpec {
        @Override
        public PositionalKind kind() {
            return PositionalKind.NOPE;
        }

        @Override
        public PositionalEncoding build(AttentionShape shape, long seed) {
            return new NoPe();
        }
    }

    @Override
    public PositionalKind kind() {
        return PositionalKind.NOPE;
    }

    @Override
    public boolean extrapolates() {
        return true;
    }

    @Override
    public List<Table> pictures(int length) {
        return List.of(new Table("NoPE: no positional bias", "query position", "key position", new double[length][length]));
    }
}
