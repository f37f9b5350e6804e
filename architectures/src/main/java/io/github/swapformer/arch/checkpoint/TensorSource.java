package io.github.swapformer.arch.checkpoint;

import io.github.swapformer.core.io.CheckpointFormatException;
import io.github.swapformer.core.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of one checkpoint file, taken one by one by name with the shape the configuration
 * implies. A missing tensor, a shape mismatch or a tensor that nothing took is a
 * {@link CheckpointFormatException} naming the file and the tensor.
 */
final class TensorSource {
    private final Path file;
    private final Map<String, Tensor> tensors;
    private final Set<String> unused;

    TensorSource(Path file, Map<String, Tensor> tensors) {
        this.file = file;
        this.tensors = tensors;
        this.unused = new LinkedHashSet<>(tensors.keySet());
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor {@code name}, which must have exactly {@code shape}. */
    Tensor take(String name, int... shape) throws CheckpointFormatException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointFormatException(file, "missing tensor " + name + " (expected shape " + Arrays.toString(shape) + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new CheckpointFormatException(file, "tensor " + name + " has shape " + Arrays.toString(t.shape())
                    + ", the configuration implies " + Arrays.toString(shape));
        }
        unused.remove(name);
        return t;
    }

    /** Marks every tensor whose name ends with {@code suffix} as used: buffers that old checkpoints carry. */
    void ignoreSuffix(String suffix) {
        unused.removeIf(n -> n.endsWith(suffix));
    }

    /** Fails if any tensor was not taken: a checkpoint of another configuration must not load silently. */
    void requireAllTaken() throws CheckpointFormatException {
        if (!unused.isEmpty()) {
            throw new CheckpointFormatException(file, unused.size() + " unexpected tensor(s) that the configuration has no place for, first "
                    + unused.iterator().next());
        }
    }
}
