package io.github.swapformer.experiments.study;

import io.github.swapformer.arch.model.ArchitectureKind;
import java.util.Locale;

/**
 * The architecture axis of a study as specs and result files name it. Which tasks each family can
 * learn is decided by {@link Cell#check()}.
 */
public enum StudyArchitecture {
    DECODER(ArchitectureKind.DECODER_ONLY),
    ENCODER(ArchitectureKind.ENCODER_ONLY),
    ENCODER_DECODER(ArchitectureKind.ENCODER_DECODER);

    private final ArchitectureKind kind;

    StudyArchitecture(ArchitectureKind kind) {
        this.kind = kind;
    }

    public ArchitectureKind kind() {
        return kind;
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
