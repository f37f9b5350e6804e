package io.github.swapformer.experiments.cli;

import io.github.swapformer.experiments.throughput.ThroughputCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code swapformer bench}: quick throughput measurements on a checkpoint (JMH's benchmarks.jar for careful ones). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training-step time and generation speed of a checkpoint, or run a throughput study.",
        subcommands = {BenchTrainStepCommand.class, BenchGenerateCommand.class, ThroughputCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required: train-step or generate");
    }
}
