package io.github.swapformer.arch.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Map;
import java.util.Set;

/**
 * One checkpoint layout: how its {@code config.json} maps to a {@link TransformerConfig} and its
 * tensors to our state dict (names, layout), both ways. Implementations are stateless.
 */
interface CheckpointFormat {
    /** Whether a model of this configuration can be written in this layout without loss. */
    boolean fits(TransformerConfig config);

    /**
     * The configuration a {@code config.json} describes; fails naming the key that cannot be mapped.
     * {@code tensorNames} are the names in the weights file (some families say which heads a model
     * carries only through the tensors it stores).
     */
    TransformerConfig readConfig(ConfigJson json, Set<String> tensorNames) throws CheckpointFormatException;

    /** The {@code config.json} of a configuration that {@link #fits}. */
    ObjectNode writeConfig(TransformerConfig config);

    /**
     * Our state dict (names and layout) from the file's tensors; every tensor must be taken.
     * {@code expected} is the state dict of the model being loaded (names and shapes).
     */
    Map<String, Tensor> toState(TensorSource source, TransformerConfig config, Map<String, Tensor> expected)
            throws CheckpointFormatException;

    /** The file's tensors from our state dict (or any map under its names, such as gradients). */
    Map<String, Tensor> fromState(Map<String, Tensor> state, TransformerConfig config);

    /** The feed-forward hidden width of a configuration (its explicit width or its kind's default). */
    static int ffnHidden(TransformerConfig c) {
        var f = c.block().ffn();
        return f.hidden() > 0 ? f.hidden() : f.kind().defaultHidden(c.dModel(), f.multipleOf());
    }
}
