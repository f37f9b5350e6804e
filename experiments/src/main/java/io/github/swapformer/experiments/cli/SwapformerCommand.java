package io.github.swapformer.experiments.cli;

import java.io.PrintWriter;
import io.github.swapformer.experiments.study.StudyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code swapformer} command line (picocli): run studies, train and evaluate models, inspect
 * models and presets, compute logits, generate, create randomly initialized checkpoints and
 * measure training and generation speed.
 * Every error is one line on stderr and a non-zero exit code ({@link ErrorReporting}).
 *
 * <p>It runs from {@code experiments/target/swapformer.jar}, built and started by the {@code ./swapformer}
 * script at the repository root. The JVM needs the Vector API flag, which the project writes once, as
 * the parent pom's {@code vector.flag}: Maven filters it into {@code experiments/target/classes/jvm.options}
 * ({@code src/main/filtered-resources}), and the script passes that file's words to {@code java}.
 */
@Command(name = "swapformer", mixinStandardHelpOptions = true, version = "swapformer 0.1.0",
        description = "A reference transformer whose parts can be swapped and measured.",
        subcommands = {StudyCommand.class, TrainCommand.class, EvalCommand.class, InspectCommand.class, LogitsCommand.class, GenerateCommand.class, InitCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class SwapformerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The command line with this project's error handling, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SwapformerCommand());
        cli.setOut(out);
        cli.setErr(err);
        ErrorReporting errors = new ErrorReporting();
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        return cli;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
