package io.github.swapformer.arch.model;

import io.github.swapformer.core.nn.Module;

/**
 * Builds the model a configuration describes. Every model comes initialized by its family's
 * {@link InitScheme} from {@code Seeds.derive(seed, "init")}, so a (config, seed) pair always
 * gives the same weights; loading a checkpoint afterwards replaces them.
 */
public final class Models {
    private Models() {
    }

    /** A {@link DecoderOnlyModel}, {@link EncoderOnlyModel} or {@link EncoderDecoderModel}, as the config's architecture says. */
    public static Module create(TransformerConfig config, long seed) {
        if (config == null) {
            throw new IllegalArgumentException("config is required (got null)");
        }
        return switch (config.architecture()) {
            case DECODER_ONLY -> new DecoderOnlyModel(config, seed);
            case ENCODER_ONLY -> new EncoderOnlyModel(config, seed);
            case ENCODER_DECODER -> new EncoderDecoderModel(config, seed);
        };
    }
}
