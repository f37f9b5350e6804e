package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.checkpoint.CheckpointFamily;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.EncoderHeads;
import io.github.swapformer.arch.model.HeadTying;
import io.github.swapformer.arch.model.Models;
import io.github.swapformer.arch.model.Preset;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.nn.Module;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swapformer init}: a randomly initialized checkpoint of a preset's shape, optionally resized
 * (e.g. the TinyStories-15M LLaMA: {@code --preset llama-2-7b --vocab 32000 --d-model 288 --heads 6
 * --kv-heads 6 --layers 6 --ffn-hidden 768 --max-positions 256 --head tied}), for benchmarks and tests.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Save a randomly initialized model of a preset's shape (optionally resized) as a checkpoint directory.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", required = true,
            description = "The shape to start from: ${COMPLETION-CANDIDATES}.", completionCandidates = InspectCommand.PresetNames.class)
    String preset;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The checkpoint directory to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the initialization (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary size.")
    Integer vocab;

    @Option(names = "--d-model", paramLabel = "D", description = "Model width.")
    Integer dModel;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads.")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "K", description = "Key/value heads (default: --heads when that is given).")
    Integer kvHeads;

    @Option(names = "--layers", paramLabel = "L", description = "Layers (of each stack).")
    Integer layers;

    @Option(names = "--ffn-hidden", paramLabel = "F", description = "Hidden width of the feed-forward network.")
    Integer ffnHidden;

    @Option(names = "--max-positions", paramLabel = "P", description = "Context length.")
    Integer maxPositions;

    @Option(names = "--head", paramLabel = "TYING", description = "LM head: ${COMPLETION-CANDIDATES}.")
    HeadTying head;

    @Option(names = "--encoder-heads", paramLabel = "HEADS",
            description = "Encoder-only models: pooler (the preset's), pretraining (masked-LM, next-sentence and pooler) or none.")
    String encoderHeads;

    @Option(names = "--json", description = "Print {\"directory\", \"family\", \"parameters\"}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TransformerConfig config = resized(Preset.byName(preset).config());
        Module model = Models.create(config, seed);
        CheckpointFamily family = Checkpoints.save(model, out);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(w, Map.of("directory", out.toString(), "family", family.toString(), "parameters", model.parameterCount()));
        } else {
            w.printf("saved a %s checkpoint of %,d parameters to %s%n", family, model.parameterCount(), out);
            w.flush();
        }
        return 0;
    }

    TransformerConfig resized(TransformerConfig c) {
        int h = heads != null ? heads : c.nHeads();
        int kv = kvHeads != null ? kvHeads : heads != null ? heads : c.nKvHeads();
        int l = layers != null ? layers : c.nLayers();
        int decoderLayers = c.nDecoderLayers() > 0 && layers != null ? layers : c.nDecoderLayers();
        TransformerConfig r = c.withSizes(vocab != null ? vocab : c.vocabSize(), dModel != null ? dModel : c.dModel(), h, kv, l, decoderLayers);
        if (ffnHidden != null) {
            r = r.withBlock(r.block().withFfn(r.block().ffn().withHidden(ffnHidden)));
        }
        if (maxPositions != null) {
            r = r.withMaxPositions(maxPositions);
        }
        if (head != null) {
            r = r.withHead(head);
        }
        if (encoderHeads != null) {
            r = r.withEncoderHeads(switch (encoderHeads) {
                case "pooler" -> EncoderHeads.pooled();
                case "pretraining" -> EncoderHeads.pretraining();
                case "none" -> EncoderHeads.none();
                default -> throw new IllegalArgumentException("--encoder-heads '" + encoderHeads
                        + "' is not one of pooler, pretraining, none");
            });
        }
        return r;
    }
}
