package io.github.swapformer.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that is malformed, truncated or unsupported. The message names the file and
 * the reason; it is thrown before any tensor is allocated, so nothing is ever half-loaded.
 */
public final class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public CheckpointFormatException(Path file, String reason) {
        this(file, reason, null);
    }

    public CheckpointFormatException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String reason() {
        return reason;
    }
}
