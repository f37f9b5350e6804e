package io.github.swapformer.experiments.study;

import io.github.swapformer.arch.model.ArchitectureKind;
import java.util.Locale;

/**
 * The architecture axis of a study as specs and result files name it. Only the decoder runs the
 * synthetic tasks so far; the encoder families are named so that a spec asking for them is refused
 * with a clear reason rather than an unknown-name error.
 */
public enum StudyArchitecture {
    DECODER(ArchitectureKind.DECODER_ONLY, true),
    ENCODER(ArchitectureKind.ENCODER_ONLY, false),
    ENCODER_DECODER(ArchitectureKind.ENCODER_DECODER, false);

    private final ArchitectureKind kind;
    private final boolean runsTasks;

    StudyArchitecture(ArchitectureKind kind, boolean runsTasks) {
        this.kind = kind;
        this.runsTasks = runsTasks;
    }

    public ArchitectureKind kind() {
        return kind;
    }

    /** Whether the study runner can train and evaluate this family on the synthetic tasks. */
    public boolean runsTasks() {
        return runsTasks;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts the ids and the model-family names ({@code decoder_only}, {@code encoder_only}). */
    public static StudyArchitecture fromId(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        for (StudyArchitecture a : values()) {
            if (a.id().equals(s) || a.kind.name().toLowerCase(Locale.ROOT).equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException(id);
    }
}
