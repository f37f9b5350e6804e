package io.github.swapformer.experiments.study;

/**
 * A study that cannot run as written: an unknown name, a combination that makes no sense, a
 * negative budget, an unwritable results directory. Its message is one line for the user; the
 * command prints it without a stack trace and does no work.
 */
public final class SpecException extends IllegalArgumentException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
