package io.github.swapformer.arch.generate;

import io.github.swapformer.arch.attention.KvCache;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.Padding;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.Positions;
import java.util.Arrays;

/**
 * An {@link EncoderDecoderModel} continuing one source sequence: the source is encoded once, and
 * every row of a decoding state decodes against that memory with its own self-attention KV cache
 * (several rows: samples or beams of the same source). The prompt is the decoder's prefix, usually
 * {@link EncoderDecoderModel#decoderStartId()} alone.
 */
final class EncoderDecoderLanguageModel implements LanguageModel {
    private final EncoderDecoderModel model;
    private final Tensor memory;   // (1, S, C)
    private final boolean[] valid; // which source positions are not [PAD]

    EncoderDecoderLanguageModel(EncoderDecoderModel model, int[] source, Parallel pool) {
        if (model == null || source == null || source.length == 0) {
            throw new IllegalArgumentException("an encoder-decoder model and a non-empty source are required");
        }
        this.model = model;
        this.valid = Padding.valid(source, 1, source.length, model.config().specialIds().pad())[0];
        this.memory = model.encode(Tape.inference(pool), source, 1, source.length);
    }

    @Override
    public int vocabSize() {
        return model.config().vocabSize();
    }

    @Override
    public int maxLength() {
        return model.decoder().positional().maxPositions().orElse(Integer.MAX_VALUE);
    }

    @Override
    public State start(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch " + batch + " must be at least 1");
        }
        return new State() {
            private final KvCache cache = model.newCache();
            private int rows = batch;
            private int length;

            @Override
            public int batch() {
                return rows;
            }

            @Override
            public int length() {
                return length;
            }

            @Override
            public Tensor feed(Tape tape, int[] ids, int count) {
                if (count < 1 || ids.length != rows * count) {
                    throw new IllegalArgumentException("feed: " + ids.length + " ids for batch " + rows + " × " + count
                            + " new tokens (need at least one per row)");
                }
                boolean[][] memoryValid = new boolean[rows][];
                Arrays.fill(memoryValid, valid);
                Tensor logits = model.logits(tape, repeated(rows), memoryValid, ids, rows, count,
                        Positions.range(length, count), cache);
                length += count;
                return logits;
            }

            @Override
            public void reorder(int[] order) {
                if (order.length < 1) {
                    throw new IllegalArgumentException("reorder: rows is empty; keep at least one row");
                }
                cache.reorder(order);
                rows = order.length;
            }
        };
    }

    /** The memory copied to {@code rows} rows: (rows, S, C). */
    private Tensor repeated(int rows) {
        if (rows == 1) {
            return memory;
        }
        int n = memory.size();
        float[] data = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(memory.data(), 0, data, r * n, n);
        }
        return Tensor.of(data, rows, memory.dim(1), memory.dim(2));
    }
}
