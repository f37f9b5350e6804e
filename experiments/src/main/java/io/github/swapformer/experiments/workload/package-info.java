/**
 * Workloads: a model family paired with a task's data, the unit the trainer trains and the length
 * evaluation scores ({@link io.github.swapformer.experiments.train.Workload}). {@code Cell.workload()}
 * picks the one a study cell asks for.
 */
package io.github.swapformer.experiments.workload;
