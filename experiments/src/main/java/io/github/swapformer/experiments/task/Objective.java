package io.github.swapformer.experiments.task;

/**
 * Training objectives over text rather than synthetic (prompt, answer) examples. Their problem
 * size is a number of tokens.
 */
public enum Objective implements Task {
    /**
     * Next-token language modelling on the study's corpus (Press et al. 2021, arXiv 2108.12409,
     * measure perplexity beyond the training length); size n = tokens per window.
     */
    LANGUAGE_MODEL("lm") {
        @Override
        public int inputLength(int n) {
            return n;
        }
    },
    /**
     * BERT pretraining (Devlin et al. 2019, arXiv 1810.04805 §3.1): masked-language modelling
     * plus next-sentence prediction on sentence pairs; size n = tokens per sentence, input
     * {@code [CLS] A [SEP] B [SEP]}.
     */
    MASKED_LM("mlm") {
        @Override
        public int inputLength(int n) {
            return 2 * n + 3;
        }
    };

    private final String id;

    Objective(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
