package io.github.swapformer.core.nn;

/**
 * What a parameter is, so that rules such as weight decay can tell matrices from the rest
 * without reading names.
 */
public enum ParamKind {
    /** A weight matrix of a linear map (decays by default). */
    MATRIX,
    /** An additive bias. */
    BIAS,
    /** A normalization gain or shift. */
    NORM,
    /** An embedding table (tokens, segments, learned positions). */
    EMBEDDING,
    /** Any other learned scalar or vector (relative-bias tables, FIRE's MLP, router temperatures…). */
    OTHER
}
