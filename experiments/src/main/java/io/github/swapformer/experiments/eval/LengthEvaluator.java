package io.github.swapformer.experiments.eval;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.ops.Losses;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Rng;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.experiments.task.Batch;
import io.github.swapformer.experiments.task.Example;
import io.github.swapformer.experiments.task.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Length-generalization evaluation of a decoder-only model (Kazemnejad et al. 2023, arXiv
 * 2305.19466, §3): the test split at each problem size, scored by {@link Scorer} on inference
 * tapes. A size whose input is longer than the encoding can represent
 * ({@code PositionalEncoding.maxPositions()}) is {@link Status#NOT_APPLICABLE}, never run.
 *
 * @param examples  test examples per size
 * @param batchSize examples per forward pass
 */
public record LengthEvaluator(int examples, int batchSize) {
    public LengthEvaluator {
        if (examples < 1) {
            throw new IllegalArgumentException("eval examples " + examples + " must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("eval batch size " + batchSize + " must be at least 1");
        }
    }

    /** The test split of size n for {@code seed}: the same examples for every model evaluated with that seed. */
    public List<Example> testSplit(TaskKind task, int n, long seed) {
        Rng rng = new Rng(Seeds.derive(seed, "test", n));
        List<Example> out = new ArrayList<>(examples);
        for (int i = 0; i < examples; i++) {
            out.add(task.example(rng, n));
        }
        return out;
    }

    /** One result per size, in the order given. */
    public List<LengthResult> evaluate(DecoderOnlyModel model, TaskKind task, int[] sizes, long seed, Parallel pool) {
        List<LengthResult> out = new ArrayList<>();
        for (int n : sizes) {
            out.add(evaluate(model, task, n, seed, pool));
        }
        return out;
    }

    public LengthResult evaluate(DecoderOnlyModel model, TaskKind task, int n, long seed, Parallel pool) {
        int inputLength = task.inputLength(n);
        OptionalInt limit = model.positional().maxPositions();
        if (limit.isPresent() && inputLength > limit.getAsInt()) {
            return LengthResult.notApplicable(n, inputLength, model.positional().kind() + " represents "
                    + limit.getAsInt() + " positions; size " + n + " needs " + inputLength);
        }
        List<Example> split = testSplit(task, n, seed);
        Scorer scorer = new Scorer(task.sequenceLength(n));
        for (int from = 0; from < split.size(); from += batchSize) {
            Batch batch = Batch.of(split.subList(from, Math.min(split.size(), from + batchSize)));
            Tape tape = Tape.inference(pool);
            Tensor logits = model.logits(tape, batch.inputs(), batch.batch(), batch.length());
            Tensor losses = Losses.crossEntropyPerPosition(tape, logits, batch.targets(), Losses.IGNORE_INDEX, 0f);
            scorer.add(batch, logits.data(), losses.data(), logits.dim(-1));
        }
        return scorer.result(n, inputLength, true);
    }

    /** Mean answer loss at size n (the periodic evaluation of a training run). */
    public double loss(DecoderOnlyModel model, TaskKind task, int n, long seed, Parallel pool) {
        return evaluate(model, task, n, seed, pool).loss();
    }
}
