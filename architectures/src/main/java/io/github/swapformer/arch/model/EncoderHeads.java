package io.github.swapformer.arch.model;

/**
 * Which heads an encoder-only model carries (Devlin et al. 2019, §3.1 and §4): the pooler (dense +
 * tanh on the [CLS] state), the masked-LM head, the next-sentence head on the pooled state, and a
 * sequence-classification head of {@code classes} outputs on the pooled state (0: none). Models
 * other than encoder-only carry {@link #none()}.
 */
public record EncoderHeads(boolean pooler, boolean mlm, boolean nsp, int classes) {
    public EncoderHeads {
        if (classes < 0) {
            throw new IllegalArgumentException("classes " + classes + " must be >= 0 (0: no classification head)");
        }
        if ((nsp || classes > 0) && !pooler) {
            throw new IllegalArgumentException("the next-sentence and classification heads read the pooled [CLS] state:"
                    + " they need pooler = true (nsp " + nsp + ", classes " + classes + ")");
        }
    }

    public static EncoderHeads none() {
        return new EncoderHeads(false, false, false, 0);
    }

    /** Hugging Face's {@code BertModel}: the encoder and its pooler, the unit of BERT's published counts. */
    public static EncoderHeads pooled() {
        return new EncoderHeads(true, false, false, 0);
    }

    /** BERT's pre-training heads ({@code BertForPreTraining}): pooler, masked LM and next sentence. */
    public static EncoderHeads pretraining() {
        return new EncoderHeads(true, true, true, 0);
    }

    /** Fine-tuning for sequence classification ({@code BertForSequenceClassification}). */
    public static EncoderHeads classification(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes " + classes + " must be at least 1 for a classification head");
        }
        return new EncoderHeads(true, false, false, classes);
    }

    public boolean any() {
        return pooler || mlm || nsp || classes > 0;
    }
}
