package io.github.swapformer.arch.generate;

import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.Positions;

/**
 * A {@link DecoderOnlyModel} as a {@link LanguageModel}: the prompt is fed in one forward pass
 * (prefill), then each step feeds one token per row at the next position, attending to the KV cache.
 */
final class DecoderOnlyLanguageModel implements LanguageModel {
    private final DecoderOnlyModel model;

    DecoderOnlyLanguageModel(DecoderOnlyModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model is required (got null)");
        }
        this.model = model;
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public int maxLength() {
        return model.positional().maxPositions().orElse(Integer.MAX_VALUE);
    }

    @Override
    public State start(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch " + batch + " must be at least 1");
        }
        return new CachedState(batch, model.newCache());
    }

    private final class CachedState implements State {
        private final KvCache cache;
        private int batch;
        private int length;

        CachedState(int batch, KvCache cache) {
            this.batch = batch;
            this.cache = cache;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public Tensor feed(Tape tape, int[] ids, int count) {
            if (count < 1 || ids.length != batch * count) {
                throw new IllegalArgumentException("feed: " + ids.length + " ids for batch " + batch + " × " + count
                        + " new tokens (need at least one per row)");
            }
            if ((long) length + count > maxLength()) {
                throw new IllegalArgumentException("feed: " + (length + count) + " tokens exceed the model's "
                        + maxLength() + " positions");
            }
            Tensor logits = model.logits(tape, ids, batch, count, Positions.range(length, count), cache);
            length += count;
            return logits;
        }

        @Override
        public void reorder(int[] rows) {
            if (rows.length < 1) {
                throw new IllegalArgumentException("reorder: rows is empty; keep at least one row");
            }
            cache.reorder(rows);
            batch = rows.length;
        }
    }
}
