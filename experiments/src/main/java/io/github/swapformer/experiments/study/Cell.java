package io.github.swapformer.experiments.study;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.text.Corpus;
import io.github.swapformer.experiments.text.CorpusSource;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.Workload;
import io.github.swapformer.experiments.workload.DecoderTaskWorkload;
import io.github.swapformer.experiments.workload.EncoderWorkloads;
import io.github.swapformer.experiments.workload.LanguageModelWorkload;
import io.github.swapformer.experiments.workload.MaskedLmWorkload;
import io.github.swapformer.experiments.workload.Seq2SeqWorkload;
import io.github.swapformer.positional.PositionalKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One unit of work of a study: a model (encoding, norms, FFN, architecture) trained on one task
 * from one seed, then evaluated at every evaluation size. {@code corpus} is the study's text for
 * the language-model task and null for every other task. Its id is a readable slug plus the first
 * 8 hex digits of the SHA-256 of its resolved configuration, so it is stable across runs and
 * machines and changes whenever anything that affects the result changes.
 */
public record Cell(int index, String id, Task task, StudyArchitecture architecture, PositionalKind positional,
                   NormPlacement placement, NormKind normKind, FfnKind ffn, long seed, ModelSize model,
                   TrainConfig train, int[] evalLengths, EvalSpec eval, CorpusSource corpus) {

    static Cell of(int index, Task task, StudyArchitecture arch, PositionalKind pos, NormPlacement placement,
                   NormKind norm, FfnKind ffn, long seed, ModelSize model, TrainConfig train, int[] evalLengths,
                   EvalSpec eval, CorpusSource corpus) {
        Cell draft = new Cell(index, "", task, arch, pos, placement, norm, ffn, seed, model, train, evalLengths, eval,
                corpus);
        // the architecture joins the slug only when it is not the decoder, so that decoder ids stay as they were
        String slug = String.join("-", task.id() + (arch == StudyArchitecture.DECODER ? "" : "-" + arch.id()),
                pos.name().toLowerCase(Locale.ROOT), id(placement),
                norm == NormKind.LAYER_NORM ? "ln" : "rms", id(ffn), "s" + seed);
        return draft.withId(slug + "-" + hash(draft.canonical()));
    }

    Cell withIndex(int i) {
        return new Cell(i, id, task, architecture, positional, placement, normKind, ffn, seed, model, train,
                evalLengths, eval, corpus);
    }

    private Cell withId(String newId) {
        return new Cell(index, newId, task, architecture, positional, placement, normKind, ffn, seed, model, train,
                evalLengths, eval, corpus);
    }

    /** Everything that decides the cell's result, in a fixed textual form (the input of its hash). */
    public String canonical() {
        return "task=" + task + ";arch=" + architecture + ";pos=" + positional + ";placement=" + placement
                + ";norm=" + normKind + ";ffn=" + ffn + ";seed=" + seed + ";model=" + model + ";train=" + train
                + ";eval=" + Arrays.toString(evalLengths) + "x" + eval.examples() + ";vocab=" + Vocabulary.SIZE
                + (corpus == null ? "" : ";corpus=" + corpus.identity());
    }

    /**
     * The model configuration: the task vocabulary, positions up to the longest train input, the spec's sizes
     * (an encoder-decoder: both stacks n_layers deep; its workload derives the rest from this).
     */
    public TransformerConfig config() {
        FfnSpec ffnSpec = FfnSpec.of(ffn).withHidden(model.ffnHidden());
        BlockSpec block = new BlockSpec(placement, normKind, 1e-5, ffnSpec, true, model.dropout(), model.dropout(),
                ResidualScaling.NONE);
        int decoderLayers = architecture == StudyArchitecture.ENCODER_DECODER ? model.nLayers() : 0;
        return new TransformerConfig(architecture.kind(), Vocabulary.SIZE, model.dModel(), model.nHeads(),
                model.nHeads(), model.nLayers(), decoderLayers, task.inputLength(train.trainLength()),
                positional.defaultSpec(), block, HeadTying.TIED, true);
    }

    /**
     * The workload this cell runs: its model, initialized from {@code Seeds.derive(seed, "init")},
     * and its task. {@link #check()} has refused the pairs that have none.
     */
    public Workload workload() {
        LengthEvaluator evaluator = new LengthEvaluator(eval.examples(), eval.batchSize());
        long init = Seeds.derive(seed, Seeds.INIT);
        if (architecture == StudyArchitecture.DECODER && task == Objective.LANGUAGE_MODEL) {
            Corpus text = corpus.corpus();
            return new LanguageModelWorkload(new DecoderOnlyModel(LanguageModelWorkload.config(config(), text), init),
                    text, eval.examples(), eval.batchSize());
        }
        if (architecture == StudyArchitecture.DECODER && task instanceof TaskKind kind) {
            return new DecoderTaskWorkload(new DecoderOnlyModel(config(), init), kind, evaluator);
        }
        if (architecture == StudyArchitecture.ENCODER) {
            return EncoderWorkloads.of(config(), task, train.trainLength(), init, evaluator);
        }
        if (architecture == StudyArchitecture.ENCODER_DECODER) {
            return Seq2SeqWorkload.of(config(), task, train.trainLength(), init, evaluator);
        }
        throw new IllegalArgumentException(unsupported());
    }

    /** Checks that the architecture can learn the task and the model configuration is valid; the message says why not. */
    public void check() {
        if (task == Objective.LANGUAGE_MODEL) {
            LanguageModelWorkload.check(architecture.kind(), corpus, train.trainLength(), evalLengths);
            config();
            return;
        }
        if (architecture == StudyArchitecture.ENCODER) {
            EncoderWorkloads.config(config(), task, train.trainLength());
            return;
        }
        if (architecture == StudyArchitecture.DECODER && task == Objective.MASKED_LM) {
            throw new IllegalArgumentException(MaskedLmWorkload.decoderRefusal());
        }
        if (architecture == StudyArchitecture.ENCODER_DECODER) {
            TaskKind kind = Seq2SeqWorkload.translatable(task); // before config(): the task is the first reason
            Seq2SeqWorkload.config(config(), kind, train.trainLength());
            return;
        }
        if (!(architecture == StudyArchitecture.DECODER && task instanceof TaskKind)) {
            throw new IllegalArgumentException(unsupported());
        }
        config();
    }

    private String unsupported() {
        return "architecture " + architecture.id() + " cannot learn task " + task.id() + " (the decoder learns the "
                + "synthetic tasks and lm, the encoder-decoder the synthetic tasks, the encoder parity, majority, brackets and mlm)";
    }

    public static String id(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell c && c.id.equals(id) && c.index == index;
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + index;
    }

    @Override
    public String toString() {
        return id;
    }
}
