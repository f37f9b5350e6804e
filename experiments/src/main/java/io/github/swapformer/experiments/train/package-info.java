/**
 * The training loop of a cell: AdamW, warmup + cosine schedule, clipping, gradient accumulation,
 * loss curves, divergence detection and atomic resumable checkpoints.
 */
package io.github.swapformer.experiments.train;
