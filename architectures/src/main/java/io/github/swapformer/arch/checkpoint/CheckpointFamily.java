package io.github.swapformer.arch.checkpoint;

import io.github.swapformer.arch.model.TransformerConfig;

/**
 * The checkpoint layouts we read and write, by the {@code model_type} of their {@code config.json}:
 * Hugging Face's GPT-2, LLaMA, BERT and T5, and our own layout for every other combination.
 */
public enum CheckpointFamily {
    /** Hugging Face {@code GPT2LMHeadModel} (Radford et al. 2019). */
    GPT2("gpt2", new Gpt2Format()),
    /** Hugging Face {@code LlamaForCausalLM} (Touvron et al. 2023, arXiv 2302.13971). */
    LLAMA("llama", new LlamaFormat()),
    /** Hugging Face {@code BertModel} and its heads (Devlin et al. 2019, arXiv 1810.04805). */
    BERT("bert", new BertFormat()),
    /** Hugging Face {@code T5ForConditionalGeneration} (Raffel et al. 2020, JMLR 21(140)). */
    T5("t5", new T5Format()),
    /** Our own: a JSON {@link TransformerConfig} and the state dict under our parameter names. */
    SWAPFORMER("swapformer", new SwapformerFormat());

    private final String modelType;
    private final CheckpointFormat format;

    CheckpointFamily(String modelType, CheckpointFormat format) {
        this.modelType = modelType;
        this.format = format;
    }

    /** The {@code model_type} of the {@code config.json}. */
    public String modelType() {
        return modelType;
    }

    CheckpointFormat format() {
        return format;
    }

    /** Whether a model of this configuration can be saved in this family's layout without loss. */
    public boolean fits(TransformerConfig config) {
        return format.fits(config);
    }

    /** The family of a {@code model_type}, or {@code null} when none has it. */
    static CheckpointFamily ofModelType(String modelType) {
        for (CheckpointFamily f : values()) {
            if (f.modelType.equals(modelType)) {
                return f;
            }
        }
        return null;
    }

    /** The Hugging Face family a configuration fits, else {@link #SWAPFORMER}. */
    public static CheckpointFamily preferredFor(TransformerConfig config) {
        for (CheckpointFamily f : values()) {
            if (f.fits(config)) {
                return f;
            }
        }
        return SWAPFORMER;
    }
}
