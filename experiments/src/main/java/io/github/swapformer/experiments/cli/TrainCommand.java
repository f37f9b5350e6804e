package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.block.BlockSpec;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.block.ResidualScaling;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.arch.ffn.FfnSpec;
import io.github.swapformer.arch.model.ArchitectureKind;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.random.Seeds;
import io.github.swapformer.experiments.eval.LengthEvaluator;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.task.Vocabulary;
import io.github.swapformer.experiments.text.Corpus;
import io.github.swapformer.experiments.text.CorpusSpec;
import io.github.swapformer.experiments.text.TokenizerFile;
import io.github.swapformer.experiments.text.TokenizerKind;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.experiments.train.TrainResult;
import io.github.swapformer.experiments.train.Trainer;
import io.github.swapformer.experiments.train.Workload;
import io.github.swapformer.experiments.workload.DecoderTaskWorkload;
import io.github.swapformer.experiments.workload.LanguageModelWorkload;
import io.github.swapformer.positional.PositionalKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swapformer train}: trains a decoder-only model on a text corpus (next-token language
 * modelling, byte/char/BPE tokens) or on a synthetic task, with the study's trainer (AdamW, warmup
 * and cosine decay, clipping), and saves it as a checkpoint directory ({@code config.json},
 * {@code model.safetensors}), plus {@code tokenizer.json} for a corpus model and {@code curve.csv}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a decoder-only model on a corpus (language modelling) or a synthetic task and save it.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "FILE", description = "A UTF-8 text file to learn (split 90/5/5 by position into train/validation/test).")
    Path corpus;

    @Option(names = "--task", paramLabel = "TASK", description = "A synthetic task instead of a corpus: copy, reverse, sort, addition, ...")
    String task;

    @Option(names = "--tokenizer", paramLabel = "KIND", defaultValue = "byte", description = "Corpus tokens: byte, char or bpe (default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--vocab-size", paramLabel = "N", description = "BPE vocabulary size (default: " + CorpusSpec.DEFAULT_BPE_VOCAB + ").")
    Integer vocabSize;

    @Option(names = "--positional", paramLabel = "KIND", defaultValue = "rope",
            description = "Positional encoding, any case: nope, sinusoidal, learned_absolute, shaw_relative, t5_bias, rope, alibi, fire, xpos (default: ${DEFAULT-VALUE}).")
    String positional;

    @Option(names = "--ffn", paramLabel = "KIND", defaultValue = "mlp_gelu", description = "Feed-forward network kind, any case (default: ${DEFAULT-VALUE}).")
    String ffn;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "2", description = "Layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--d-model", paramLabel = "D", defaultValue = "64", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", paramLabel = "H", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--length", paramLabel = "L", required = true, description = "Train length: tokens per window (corpus) or the task's problem size.")
    int length;

    @Option(names = "--min-length", paramLabel = "L", description = "Shortest train length (default: --length for a corpus, 1 for a task).")
    Integer minLength;

    @Option(names = "--steps", paramLabel = "N", required = true, description = "Optimizer steps.")
    int steps;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32", description = "Windows or examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "3e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The model directory to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of initialization and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the kernel pool (default: available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print {\"directory\", \"parameters\", \"steps\", \"final_train_loss\", \"validation_loss\", ...}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((corpus == null) == (task == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of --corpus FILE and --task TASK");
        }
        if (length < 1) {
            throw new IllegalArgumentException("--length " + length + " must be at least 1");
        }
        TrainConfig config = new TrainConfig(steps, batchSize, 1, lr, Math.min(100, steps / 10), 0.1, 0, 1, 0, 0,
                minLength != null ? minLength : corpus != null ? length : 1, length);
        Corpus text = corpus == null ? null : Corpus.load(new CorpusSpec(corpus, TokenizerKind.fromId(tokenizer),
                vocabSize == null ? 0 : vocabSize));
        TaskKind kind = task == null ? null : taskKind(task);
        long init = Seeds.derive(seed, Seeds.INIT);
        Workload work;
        if (text != null) {
            LanguageModelWorkload.check(ArchitectureKind.DECODER_ONLY, text, length, new int[] {length});
            work = new LanguageModelWorkload(new DecoderOnlyModel(config(text.tokenizer().vocabSize(), length), init),
                    text, 64, Math.min(batchSize, 16));
        } else {
            work = new DecoderTaskWorkload(new DecoderOnlyModel(config(Vocabulary.SIZE, kind.inputLength(length)), init),
                    kind, new LengthEvaluator(128, 64));
        }
        PrintWriter w = spec.commandLine().getOut();
        TrainResult result;
        try (Parallel pool = pool(); TrainProgress progress = new TrainProgress(w, steps, !json && System.console() != null)) {
            result = new Trainer(config, pool, json ? Trainer.Listener.NONE : progress).train(work, seed, null);
            if (result.diverged()) {
                throw new IllegalStateException("training diverged at step " + result.steps() + " (loss not finite): "
                        + "try a lower --lr; nothing was saved");
            }
            save(work, text, result);
            report(w, work, result, work.validationLoss(length, seed, pool));
        }
        return 0;
    }

    private TransformerConfig config(int vocab, int maxPositions) {
        BlockSpec block = new BlockSpec(NormPlacement.PRE, NormKind.LAYER_NORM, 1e-5,
                FfnSpec.of(named(FfnKind.class, ffn, "--ffn")), true, 0, 0, ResidualScaling.NONE);
        return new TransformerConfig(ArchitectureKind.DECODER_ONLY, vocab, dModel, heads, heads, layers, 0, maxPositions,
                named(PositionalKind.class, positional, "--positional").defaultSpec(), block, HeadTying.TIED, true);
    }

    /** The constant of {@code type} named {@code value} in any case; the message lists the known ones. */
    static <E extends Enum<E>> E named(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " '" + value + "' is unknown; known: " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    static TaskKind taskKind(String id) {
        for (TaskKind k : TaskKind.values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; known: " + String.join(", ",
                Arrays.stream(TaskKind.values()).map(TaskKind::id).toList()) + " (or --corpus FILE for lm)");
    }

    private Parallel pool() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads " + n + " must be at least 1");
        }
        return Parallel.of(n);
    }

    private void save(Workload work, Corpus text, TrainResult result) throws IOException {
        Files.createDirectories(out);
        Checkpoints.save(work.model(), out);
        if (text != null) {
            TokenizerFile.write(text.tokenizer(), out.resolve(TokenizerFile.NAME));
        }
        Files.writeString(out.resolve("curve.csv"), result.curve().toCsv());
    }

    private void report(PrintWriter w, Workload work, TrainResult result, double validationLoss) {
        double last = result.curve().recentTrainLoss(20);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directory", out.toString());
            m.put("parameters", work.model().parameterCount());
            m.put("steps", result.steps());
            m.put("final_train_loss", Double.isFinite(last) ? last : null);
            m.put("validation_loss", validationLoss);
            m.put("validation_perplexity", Math.exp(validationLoss));
            m.put("seconds", result.seconds());
            JsonOutput.print(w, m);
        } else {
            w.printf(Locale.ROOT, "trained %,d parameters for %d steps in %.1f s: train loss %.4f, validation loss %.4f"
                            + " (perplexity %.3f) at length %d; saved to %s%n", work.model().parameterCount(), result.steps(),
                    result.seconds(), last, validationLoss, Math.exp(validationLoss), length, out);
            w.flush();
        }
    }
}
