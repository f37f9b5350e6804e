package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command on a checkpoint shares: the directory and the number of threads. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "A checkpoint directory: config.json and model.safetensors (Hugging Face GPT-2, LLaMA, BERT, T5 or ours).")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the kernel pool (default: available processors).")
    Integer threads;

    /** The decoder-only model of {@code --model}; any other kind is refused with a message naming it. */
    DecoderOnlyModel decoderOnly() throws IOException {
        return Checkpoints.load(model, DecoderOnlyModel.class);
    }

    Parallel pool() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads " + n + " must be at least 1");
        }
        return Parallel.of(n);
    }
}
