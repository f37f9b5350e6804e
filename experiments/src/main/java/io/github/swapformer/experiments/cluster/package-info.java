/**
 * Studies on a cluster: {@code study submit --slurm} writes and submits a Slurm job array over
 * disjoint shards of a study's cells plus an {@code afterany} report job; {@code study status}
 * reads a results folder that shards on many nodes write into, with the running and failure
 * markers the runner leaves ({@link io.github.swapformer.experiments.cluster.CellMarker}).
 * Workflow, faults and a Kubernetes Indexed Job example: README.md, "Running on a cluster".
 */
package io.github.swapformer.experiments.cluster;
