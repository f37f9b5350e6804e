package io.github.swapformer.core.io;

import io.github.swapformer.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: tensors by name, in the order of their data in the file, and
 * the free-form string metadata of the header's {@code __metadata__} entry.
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
