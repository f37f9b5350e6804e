/**
 * Synthetic sequence tasks for length generalization: each example is a prompt and an answer over one
 * small shared vocabulary, generated from a seed at a chosen problem size; only answer tokens carry a loss.
 */
package io.github.swapformer.experiments.task;
