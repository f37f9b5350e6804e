package io.github.swapformer.arch.model;

/** Whether the output projection to the vocabulary reuses the token embedding (Press &amp; Wolf 2017). */
public enum HeadTying {
    TIED,
    UNTIED
}
