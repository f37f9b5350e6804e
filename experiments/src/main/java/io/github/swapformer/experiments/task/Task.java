package io.github.swapformer.experiments.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a study cell learns: a synthetic (prompt, answer) task ({@link TaskKind}) or a training
 * objective over text ({@link Objective}). The task axis of a study names them by {@link #id()}.
 */
public sealed interface Task permits TaskKind, Objective {
    /** The name used in study specs and result files: {@code copy}, {@code lm}. */
    String id();

    /** The model's input length (tokens) at problem size n. */
    int inputLength(int n);

    /** Every task, synthetic ones first. */
    static List<Task> all() {
        List<Task> out = new ArrayList<>(List.of(TaskKind.values()));
        out.addAll(List.of(Objective.values()));
        return out;
    }

    /** The task named {@code id} (case-insensitive); the message lists the known ones. */
    static Task fromId(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Task t : all()) {
            if (t.id().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; known: "
                + String.join(", ", all().stream().map(Task::id).toList()));
    }
}
