package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swapformer logits}: the next-token logits of a decoder-only model at every position of one sequence. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print a decoder-only model's logits at every position of a sequence of token ids.")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--ids", paramLabel = "ID", split = ",", required = true, description = "Token ids, e.g. 1,2,3.")
    int[] ids;

    @Option(names = "--json", description = "Print {\"logits\": [[...] per position]}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DecoderOnlyModel m = model.decoderOnly();
        TokenIds.check("--ids", ids, m.config().vocabSize());
        int limit = m.positional().maxPositions().orElse(Integer.MAX_VALUE);
        if (ids.length > limit) {
            throw new IllegalArgumentException("--ids has " + ids.length + " tokens, more than the model's " + limit + " positions");
        }
        float[][] rows;
        try (Parallel pool = model.pool()) {
            Tensor logits = m.logits(Tape.inference(pool), ids, 1, ids.length);
            int V = m.config().vocabSize();
            rows = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) {
                rows[t] = Arrays.copyOfRange(logits.data(), t * V, (t + 1) * V);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("logits", rows));
        } else {
            for (int t = 0; t < rows.length; t++) {
                out.println("position " + t + " (id " + ids[t] + "): " + Arrays.toString(rows[t]));
            }
            out.flush();
        }
        return 0;
    }
}
