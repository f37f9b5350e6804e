package io.github.swapformer.experiments.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: 2 for a bad command line (the
 * usage is one {@code --help} away), 1 for bad input found while running (a missing directory, a
 * corrupt checkpoint, a shape that does not fit). The stack trace is printed only when the
 * environment variable {@code SWAPFORMER_DEBUG} is set, for bugs.
 */
final class ErrorReporting implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring("Error: ".length()) : e.getMessage();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message.replace('\n', ' ') + " (see --help)");
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof CommandLine.ParameterException pe) {
            return handleParseException(pe, parsed.originalArgs().toArray(String[]::new));
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
        if (System.getenv("SWAPFORMER_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return FAILURE;
    }

    /** The message of the cause that says what is wrong, on one line. */
    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message = t.getMessage();
        if (t instanceof NoSuchFileException) {
            message = "no such file: " + message;
        } else if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (!(t instanceof IllegalArgumentException || t instanceof IOException || t instanceof IllegalStateException)) {
            message = t.getClass().getSimpleName() + ": " + message; // unexpected: name it
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
