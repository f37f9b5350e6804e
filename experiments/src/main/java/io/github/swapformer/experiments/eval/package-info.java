/**
 * Length-generalization evaluation: exact match, token accuracy, loss and per-position accuracy at each
 * evaluation size, with "not applicable" where an encoding cannot represent the positions.
 */
package io.github.swapformer.experiments.eval;
