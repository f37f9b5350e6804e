package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.generate.Decoding;
import io.github.swapformer.arch.generate.GenerationSpec;
import io.github.swapformer.arch.generate.Generator;
import io.github.swapformer.arch.generate.LanguageModel;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.parallel.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swapformer generate}: continue a prompt of token ids with a decoder-only model, or decode
 * from a source with an encoder-decoder (T5).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate token ids after a prompt: greedy (default), sampling (--temperature/--top-k/--top-p) or beam search (--beam).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--prompt-ids", paramLabel = "ID", split = ",",
            description = "The prompt's token ids, e.g. 1,2,3 (encoder-decoders: the decoder's prefix, default its start id).")
    int[] prompt;

    @Option(names = "--source-ids", paramLabel = "ID", split = ",",
            description = "Encoder-decoder models (T5): the source's token ids, encoded once.")
    int[] source;

    @Option(names = "--max-new-tokens", paramLabel = "N", required = true, description = "Generate at most N tokens.")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Always take the most likely token (the default).")
    boolean greedy;

    @Option(names = "--temperature", paramLabel = "T", description = "Sample from softmax(logits / T); 0 is greedy.")
    Double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely tokens (0: all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", description = "Sample within the smallest set of probability >= P (nucleus; 1: all).")
    Double topP;

    @Option(names = "--beam", paramLabel = "W", description = "Beam search with W hypotheses.")
    Integer beam;

    @Option(names = "--length-penalty", paramLabel = "A", defaultValue = "1.0",
            description = "Beam search scores sum(log p) / length^A (default: ${DEFAULT-VALUE}).")
    double lengthPenalty;

    @Option(names = "--stop-ids", paramLabel = "ID", split = ",", description = "Token ids that end the sequence (kept in the output).")
    int[] stopIds = new int[0];

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print {\"tokens\": [generated ids]}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Decoding decoding = decoding();
        GenerationSpec request = new GenerationSpec(decoding, maxNewTokens, stopIds, seed);
        int[] tokens;
        try (Parallel pool = model.pool()) {
            tokens = new Generator(languageModel(pool), pool).generate(prompt, request);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("tokens", tokens));
        } else {
            out.println(Arrays.toString(tokens));
            out.flush();
        }
        return 0;
    }

    /** The checkpoint as a language model; sets the prompt of an encoder-decoder when none was given. */
    private LanguageModel languageModel(Parallel pool) throws IOException {
        Module m = Checkpoints.load(model.model);
        int vocab = Checkpoints.configOf(m).vocabSize();
        if (m instanceof EncoderDecoderModel encoderDecoder) {
            if (source == null) {
                throw new IllegalArgumentException("--source-ids is required: " + model.model + " holds an encoder-decoder model");
            }
            TokenIds.check("--source-ids", source, vocab);
            prompt = prompt == null ? new int[] {encoderDecoder.decoderStartId()} : prompt;
            TokenIds.check("--prompt-ids", prompt, vocab);
            return LanguageModel.of(encoderDecoder, source, pool);
        }
        if (!(m instanceof DecoderOnlyModel decoder)) {
            throw new IllegalArgumentException(model.model + " holds an encoder-only model, which does not generate");
        }
        if (source != null) {
            throw new IllegalArgumentException("--source-ids is for encoder-decoder models; " + model.model + " holds a decoder-only one");
        }
        if (prompt == null) {
            throw new IllegalArgumentException("--prompt-ids is required for a decoder-only model");
        }
        TokenIds.check("--prompt-ids", prompt, vocab);
        return LanguageModel.of(decoder);
    }

    /** The decoding rule the options ask for; mixing the families is refused. */
    Decoding decoding() {
        boolean sampling = temperature != null || topK != null || topP != null;
        int families = (greedy ? 1 : 0) + (sampling ? 1 : 0) + (beam != null ? 1 : 0);
        if (families > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "choose one of --greedy, sampling (--temperature/--top-k/--top-p) and --beam");
        }
        if (beam != null) {
            return new Decoding.Beam(beam, lengthPenalty);
        }
        if (sampling) {
            return new Decoding.Sample(temperature == null ? 1.0 : temperature, topK == null ? 0 : topK, topP == null ? 1.0 : topP);
        }
        return Decoding.greedy();
    }
}
