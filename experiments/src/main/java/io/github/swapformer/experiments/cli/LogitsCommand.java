package io.github.swapformer.experiments.cli;

import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import io.github.swapformer.positional.PositionalEncoding;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swapformer logits}: a model's output logits at every position of one sequence. Decoder-only:
 * the next-token logits at each position of {@code --ids}. Encoder-only (BERT): the masked-LM logits
 * at each position of {@code --ids} (with {@code --segment-ids} when given). Encoder-decoder (T5):
 * {@code --ids} is the source, and the logits are the decoder's at each position of
 * {@code --decoder-ids} (teacher forcing).
 */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Print a model's logits at every position: next-token logits (decoder-only), masked-LM logits "
                + "(encoder-only), or the decoder's logits for --decoder-ids given the source --ids (encoder-decoder).")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--ids", paramLabel = "ID", split = ",", required = true,
            description = "Token ids, e.g. 1,2,3 (the source of an encoder-decoder model).")
    int[] ids;

    @Option(names = "--segment-ids", paramLabel = "ID", split = ",",
            description = "Encoder-only models: the segment (token type) of each of --ids (default: all 0).")
    int[] segmentIds;

    @Option(names = "--decoder-ids", paramLabel = "ID", split = ",",
            description = "Encoder-decoder models: the decoder's input ids, starting with its start id (required there).")
    int[] decoderIds;

    @Option(names = "--json", description = "Print {\"logits\": [[...] per position]}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Module m = Checkpoints.load(model.model);
        TransformerConfig config = Checkpoints.configOf(m);
        int vocab = config.vocabSize();
        TokenIds.check("--ids", ids, vocab);
        checkOptions(m, config);
        Tensor logits;
        try (Parallel pool = model.pool()) {
            Tape tape = Tape.inference(pool);
            if (m instanceof DecoderOnlyModel d) {
                logits = d.logits(tape, ids, 1, ids.length);
            } else if (m instanceof EncoderOnlyModel e) {
                logits = e.mlmLogits(tape, e.hidden(tape, ids, segmentIds, 1, ids.length));
            } else {
                logits = ((EncoderDecoderModel) m).logits(tape, ids, ids.length, decoderIds, decoderIds.length, 1);
            }
        }
        print(rows(logits.data(), logits.data().length / vocab, vocab));
        return 0;
    }

    /** Refuses options that do not fit the model's family, and sequences longer than it represents. */
    private void checkOptions(Module m, TransformerConfig config) {
        if (segmentIds != null && !(m instanceof EncoderOnlyModel)) {
            throw new IllegalArgumentException("--segment-ids is for encoder-only models; " + model.model + " is " + config.architecture());
        }
        if (segmentIds != null && segmentIds.length != ids.length) {
            throw new IllegalArgumentException("--segment-ids has " + segmentIds.length + " ids, --ids has " + ids.length);
        }
        if (m instanceof EncoderDecoderModel) {
            if (decoderIds == null) {
                throw new IllegalArgumentException(model.model + " is an encoder-decoder model: give --decoder-ids "
                        + "(the decoder's input, starting with its start id)");
            }
            TokenIds.check("--decoder-ids", decoderIds, config.vocabSize());
        } else if (decoderIds != null) {
            throw new IllegalArgumentException("--decoder-ids is for encoder-decoder models; " + model.model + " is "
                    + config.architecture());
        }
        PositionalEncoding source = m instanceof DecoderOnlyModel d ? d.positional()
                : m instanceof EncoderOnlyModel e ? e.positional() : ((EncoderDecoderModel) m).encoder().positional();
        fits("--ids", ids, source);
        if (m instanceof EncoderDecoderModel ed) {
            fits("--decoder-ids", decoderIds, ed.decoder().positional());
        }
    }

    private static void fits(String option, int[] tokens, PositionalEncoding encoding) {
        int limit = encoding.maxPositions().orElse(Integer.MAX_VALUE);
        if (tokens.length > limit) {
            throw new IllegalArgumentException(option + " has " + tokens.length + " tokens, more than the model's "
                    + limit + " positions");
        }
    }

    private static float[][] rows(float[] data, int positions, int vocab) {
        float[][] rows = new float[positions][];
        for (int t = 0; t < positions; t++) {
            rows[t] = Arrays.copyOfRange(data, t * vocab, (t + 1) * vocab);
        }
        return rows;
    }

    private void print(float[][] rows) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("logits", rows));
        } else {
            for (int t = 0; t < rows.length; t++) {
                out.println("position " + t + ": " + Arrays.toString(rows[t]));
            }
            out.flush();
        }
    }
}
