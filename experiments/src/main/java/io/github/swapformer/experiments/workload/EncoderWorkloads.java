package io.github.swapformer.experiments.workload;

import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.train.Workload;

/**
 * Which workload an encoder-only (BERT) study cell runs, and which tasks it refuses: a synthetic
 * task with a one-token class answer is fine-tuned as sequence classification
 * ({@link EncoderClassificationWorkload}), {@code mlm} is MLM + NSP pretraining
 * ({@link MaskedLmWorkload}); every other task is refused with the reason.
 *
 * <p>Every positional encoding's default spec serves an encoder: T5 bias and ALiBi default to
 * FOLLOW_MASK, which is their bidirectional form under the encoder's two-sided attention (the
 * UNIDIRECTIONAL forms, which {@code ConfigChecks} refuses for encoders, cannot be named in a study).
 * NoPE is accepted but leaves a bidirectional encoder blind to order: it sees its input as a bag of
 * tokens, which suffices for parity and majority, not for brackets or masked-LM.
 */
public final class EncoderWorkloads {
    private EncoderWorkloads() {
    }

    /**
     * The model configuration of an encoder cell for {@code task}, derived from the study's
     * {@code base} (an ENCODER_ONLY config of the task vocabulary); refuses tasks an encoder does
     * not learn with a message that names the task and says why.
     */
    public static TransformerConfig config(TransformerConfig base, Task task, int trainLength) {
        if (base.architecture() != ArchitectureKind.ENCODER_ONLY) {
            throw new IllegalArgumentException("an encoder workload needs an ENCODER_ONLY base config, got "
                    + base.architecture());
        }
        if (task instanceof TaskKind kind) {
            if (EncoderClassificationWorkload.labels(kind).length == 0) {
                throw new IllegalArgumentException(refusal(task));
            }
            return EncoderClassificationWorkload.config(base, kind, trainLength);
        }
        if (task == Objective.MASKED_LM) {
            return MaskedLmWorkload.config(base, trainLength);
        }
        throw new IllegalArgumentException(refusal(task));
    }

    /** The workload of an encoder cell, its model initialized from {@code initSeed}. */
    public static Workload of(TransformerConfig base, Task task, int trainLength, long initSeed,
                              LengthEvaluator evaluator) {
        EncoderOnlyModel model = new EncoderOnlyModel(config(base, task, trainLength), initSeed);
        if (task instanceof TaskKind kind) {
            return new EncoderClassificationWorkload(model, kind, evaluator);
        }
        return new MaskedLmWorkload(model, evaluator);
    }

    /** Why the encoder does not learn {@code task}: {@code architecture encoder cannot learn task copy: …}. */
    static String refusal(Task task) {
        String why = task instanceof TaskKind kind ? EncoderClassificationWorkload.refusal(kind)
                : "next-token language modelling needs a causal decoder; an encoder-only model learns text by mlm";
        return "architecture encoder cannot learn task " + task.id() + ": " + why;
    }
}
