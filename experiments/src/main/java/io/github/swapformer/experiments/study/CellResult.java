package io.github.swapformer.experiments.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.experiments.eval.LengthResult;
import io.github.swapformer.experiments.eval.Status;
import io.github.swapformer.experiments.train.TrainResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON file of a finished cell ({@code cells/<id>.json}): what the cell was, how training went,
 * and one entry per evaluation size. Its existence marks the cell finished, so it is written last
 * and atomically.
 */
public final class CellResult {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CellResult() {
    }

    public static String toJson(Cell cell, long parameters, TrainResult train, double evalSeconds, List<LengthResult> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("cell_id", cell.id());
        root.put("index", cell.index());
        root.put("task", cell.task().id());
        root.put("architecture", cell.architecture().id());
        root.put("positional", Cell.id(cell.positional()));
        root.put("norm_placement", Cell.id(cell.placement()));
        root.put("norm_kind", Cell.id(cell.normKind()));
        root.put("ffn", Cell.id(cell.ffn()));
        root.put("seed", cell.seed());
        root.put("train_length", cell.train().trainLength());
        root.put("config", cell.canonical());
        root.put("parameters", parameters);
        root.put("status", train.diverged() ? Status.DIVERGED.id() : Status.OK.id());
        root.put("steps", train.steps());
        root.put("resumed_from_step", train.resumedFrom());
        number(root, "final_train_loss", train.curve().recentTrainLoss(20));
        root.put("train_seconds", train.seconds());
        root.put("eval_seconds", evalSeconds);
        ArrayNode evals = root.putArray("evaluations");
        for (LengthResult r : results) {
            ObjectNode e = evals.addObject();
            e.put("eval_length", r.evalLength());
            e.put("sequence_length", r.sequenceLength());
            e.put("status", r.status().id());
            number(e, "exact_match", r.exactMatch());
            number(e, "token_accuracy", r.tokenAccuracy());
            number(e, "loss", r.loss());
            number(e, "perplexity", r.perplexity());
            ArrayNode pp = e.putArray("per_position_accuracy");
            for (double p : r.perPosition()) {
                pp.add(p);
            }
            if (r.perPositionLoss().length > 0) {
                // perplexity by position: buckets of equal width over the window's positions
                e.put("position_bucket_width", (r.sequenceLength() + r.perPositionLoss().length - 1)
                        / r.perPositionLoss().length);
                ArrayNode ppl = e.putArray("per_position_perplexity");
                for (double l : r.perPositionLoss()) {
                    ppl.add(Math.exp(l));
                }
            }
            if (!r.reason().isEmpty()) {
                e.put("reason", r.reason());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cell result " + file, e);
        }
    }

    /** NaN and ∞ are not JSON: written as null. */
    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
