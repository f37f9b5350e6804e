package io.github.swapformer.experiments.study;

import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.experiments.text.CorpusSource;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.positional.PositionalKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed study: its name, the main grid of {@link Axes}, extra grids (slices that vary other
 * axes around a base, e.g. norm placement for one encoding), the model size, the training
 * hyperparameters, each task's train length, the evaluation and the corpus of the {@code lm} task
 * (null when no cell models language). {@link #cells()} resolves it into
 * the cells of the cross products, main grid first, duplicates dropped.
 */
public record StudySpec(String name, Axes axes, List<Axes> extra, ModelSize model, TrainConfig train,
                        Map<Task, Integer> trainLengths, Map<Task, Integer> trainSteps, EvalSpec eval,
                        CorpusSource corpus) {
    public StudySpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new SpecException("name '" + name + "' must be letters, digits, '.', '_' or '-' (it names the results folder)");
        }
        extra = List.copyOf(extra);
        trainLengths = Map.copyOf(trainLengths);
        trainSteps = Map.copyOf(trainSteps);
    }

    /** The train length of a task: its own entry or the default of {@code train.trainLength()}. */
    public int trainLength(Task task) {
        return trainLengths.getOrDefault(task, train.trainLength());
    }

    /** The step budget of a task: its own entry or {@code train.steps()}. */
    public int trainSteps(Task task) {
        return trainSteps.getOrDefault(task, train.steps());
    }

    /** Every cell, in spec order, each with its index in that order. */
    public List<Cell> cells() {
        Map<String, Cell> byId = new LinkedHashMap<>();
        List<Axes> grids = new ArrayList<>();
        grids.add(axes);
        grids.addAll(extra);
        for (Axes g : grids) {
            for (Task task : g.task()) {
                for (StudyArchitecture arch : g.architecture()) {
                    for (PositionalKind pos : g.positional()) {
                        for (NormPlacement placement : g.normPlacement()) {
                            for (NormKind norm : g.normKind()) {
                                for (FfnKind ffn : g.ffn()) {
                                    for (long seed : g.seeds()) {
                                        Cell c = cell(byId.size(), task, arch, pos, placement, norm, ffn, seed);
                                        byId.putIfAbsent(c.id(), c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<Cell> out = new ArrayList<>();
        for (Cell c : byId.values()) {
            out.add(c.withIndex(out.size()));
        }
        return out;
    }

    private Cell cell(int index, Task task, StudyArchitecture arch, PositionalKind pos, NormPlacement placement,
                      NormKind norm, FfnKind ffn, long seed) {
        int length = trainLength(task);
        return Cell.of(index, task, arch, pos, placement, norm, ffn, seed, model,
                train.withLengths(Math.min(train.minLength(), length), length).withSteps(trainSteps(task)), eval.lengths(length), eval,
                task == Objective.LANGUAGE_MODEL ? corpus : null);
    }
}
