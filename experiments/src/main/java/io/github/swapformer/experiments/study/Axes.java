package io.github.swapformer.experiments.study;

import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.positional.PositionalKind;
import java.util.List;

/**
 * The values a study crosses: every combination of positional encoding × norm placement × norm
 * kind × FFN × architecture × task × seed is one cell. Lists keep the spec's order, which is the
 * order of cells and of the rows of the summary.
 */
public record Axes(List<PositionalKind> positional, List<NormPlacement> normPlacement, List<NormKind> normKind,
                   List<FfnKind> ffn, List<StudyArchitecture> architecture, List<Task> task, List<Long> seeds) {
    public Axes {
        positional = List.copyOf(positional);
        normPlacement = List.copyOf(normPlacement);
        normKind = List.copyOf(normKind);
        ffn = List.copyOf(ffn);
        architecture = List.copyOf(architecture);
        task = List.copyOf(task);
        seeds = List.copyOf(seeds);
    }
}
