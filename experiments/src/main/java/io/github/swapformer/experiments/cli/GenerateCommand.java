package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.generate.Decoding;
import io.github.swapformer.arch.generate.GenerationSpec;
import io.github.swapformer.arch.generate.Generator;
import io.github.swapformer.arch.generate.LanguageModel;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.parallel.Parallel;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swapformer generate}: continue a prompt of token ids with a decoder-only model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate token ids after a prompt: greedy (default), sampling (--temperature/--top-k/--top-p) or beam search (--beam).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--prompt-ids", paramLabel = "ID", split = ",", required = true, description = "The prompt's token ids, e.g. 1,2,3.")
    int[] prompt;

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
        DecoderOnlyModel m = model.decoderOnly();
        TokenIds.check("--prompt-ids", prompt, m.config().vocabSize());
        int[] tokens;
        try (Parallel pool = model.pool()) {
            tokens = new Generator(LanguageModel.of(m), pool).generate(prompt, request);
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
