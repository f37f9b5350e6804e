package io.github.swapformer.experiments.train;

import io.github.swapformer.core.io.Safetensors;
import io.github.swapformer.core.io.SafetensorsFile;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.optim.Optimizer;
import io.github.swapformer.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training run's resumable state in one safetensors file, written atomically by
 * {@link Safetensors#write}: the model ({@code model.<name>}), the optimizer moments
 * ({@code optim.<name>}), and in the metadata the step, the data position and the loss curve so far.
 * The data of step s is drawn from a stream derived from (data seed, s), so the step is the data
 * stream's position: a resumed run sees exactly the batches the uninterrupted one would.
 */
public final class Checkpoint {
    private static final String MODEL = "model.";
    private static final String OPTIM = "optim.";

    /** What a checkpoint restores besides the tensors. */
    public record State(int step, long dataPosition, LossCurve curve) {
    }

    private Checkpoint() {
    }

    public static void save(Path file, Module model, Optimizer optimizer, State state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        optimizer.state().forEach((k, v) -> tensors.put(OPTIM + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Integer.toString(state.step()));
        meta.put("data_position", Long.toString(state.dataPosition()));
        meta.put("curve", state.curve().toCsv());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Safetensors.write(file, tensors, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Loads {@code file} into model and optimizer; returns the step, data position and curve it holds. */
    public static State load(Path file, Module model, Optimizer optimizer) {
        SafetensorsFile f;
        try {
            f = Safetensors.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        Map<String, Tensor> optimState = new LinkedHashMap<>();
        f.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) {
                modelState.put(k.substring(MODEL.length()), v);
            } else if (k.startsWith(OPTIM)) {
                optimState.put(k.substring(OPTIM.length()), v);
            } else {
                throw new IllegalArgumentException("checkpoint " + file + ": unexpected tensor " + k);
            }
        });
        String step = f.metadata().get("step");
        String curve = f.metadata().get("curve");
        String position = f.metadata().get("data_position");
        if (step == null || curve == null || position == null) {
            throw new IllegalArgumentException("checkpoint " + file + " lacks step, data_position or curve metadata");
        }
        model.loadStateDict(modelState);
        optimizer.loadState(optimState);
        return new State(Integer.parseInt(step), Long.parseLong(position), LossCurve.fromCsv(curve));
    }
}
