package io.github.swapformer.experiments.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.ParameterCount;
import io.github.swapformer.arch.model.Preset;
import io.github.swapformer.arch.model.TransformerConfig;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swapformer inspect}: the configuration of a preset or a checkpoint and its parameter
 * counts by component, computed from the configuration alone (a checkpoint's weights are not read).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a model's configuration and parameter counts by component.")
final class InspectCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--preset", paramLabel = "NAME", required = true,
                description = "A published model shape: ${COMPLETION-CANDIDATES}.", completionCandidates = PresetNames.class)
        String preset;

        @Option(names = "--model", paramLabel = "DIR", required = true, description = "A checkpoint directory.")
        Path model;
    }

    /** The preset names, for the help text. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Preset.values()).map(Preset::id).iterator();
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--json", description = "Print one JSON object: {\"parameters\": N, \"components\": {...}, \"config\": {...}}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TransformerConfig config = source.preset != null ? Preset.byName(source.preset).config() : Checkpoints.readConfig(source.model);
        ParameterCount count = ParameterCount.of(config);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = JsonOutput.mapper().createObjectNode();
            root.put("source", source.preset != null ? source.preset : source.model.toString());
            root.put("parameters", count.total());
            ObjectNode parts = root.putObject("components");
            count.components().forEach(parts::put);
            ObjectNode configJson = JsonOutput.mapper().valueToTree(config);
            ((ObjectNode) configJson.get("positional")).put("kind", config.positional().kind().name());
            root.set("config", configJson);
            JsonOutput.print(out, root);
            return 0;
        }
        for (RecordComponent c : TransformerConfig.class.getRecordComponents()) {
            Object value = c.getAccessor().invoke(config);
            out.printf("%-17s %s%n", c.getName(), value == config.positional() ? config.positional().kind() + " " + value : value);
        }
        out.println();
        out.print(count.table());
        out.flush();
        return 0;
    }
}
