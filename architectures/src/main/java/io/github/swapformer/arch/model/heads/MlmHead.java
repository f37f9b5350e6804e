package io.github.swapformer.arch.model.heads;

import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.Linear;
import io.github.swapformer.core.nn.Module;
import io.github.swapformer.core.nn.ParamKind;
import io.github.swapformer.core.ops.Activation;
import io.github.swapformer.core.ops.Activations;
import io.github.swapformer.core.ops.Matmul;
import io.github.swapformer.core.tensor.Tensor;

/**
 * BERT's masked-language-model head (Devlin et al. 2019, §3.1; Hugging Face's
 * {@code BertLMPredictionHead}): a transform (dense d→d, GELU, norm), then a decoder to the
 * vocabulary whose weight is the token embedding when tied (or its own matrix), plus an output bias.
 */
public final class MlmHead extends Module {
    private final Linear dense;
    private final Layer norm;
    private final Linear decoder; // null when tied to the token embedding
    private final Tensor bias;    // (V)
    private final Activation activation;

    /**
     * @param norm       the transform's norm (BERT: LayerNorm, eps 1e-12)
     * @param tied       whether the decoder reuses the token embedding
     * @param activation the transform's activation (BERT: exact GELU)
     */
    public MlmHead(int dModel, int vocabSize, Layer norm, boolean tied, Activation activation) {
        this.dense = child("dense", Linear.withBias(dModel, dModel));
        this.norm = child("norm", norm);
        this.decoder = tied ? null : child("decoder", Linear.withoutBias(dModel, vocabSize));
        this.bias = parameter("bias", Tensor.zeros(vocabSize), ParamKind.BIAS);
        this.activation = activation;
    }

    /** hidden (B, T, C) → logits (B, T, V); {@code tokenTable} (V, C) is the decoder weight when tied. */
    public Tensor forward(Tape tape, Tensor hidden, Tensor tokenTable) {
        Tensor h = norm.forward(tape, Activations.apply(tape, dense.forward(tape, hidden), activation));
        return Matmul.linear(tape, h, decoder != null ? decoder.weight() : tokenTable, bias);
    }

    public Linear dense() {
        return dense;
    }

    public Layer norm() {
        return norm;
    }

    /** The untied decoder, or {@code null} when tied. */
    public Linear decoder() {
        return decoder;
    }

    public Tensor bias() {
        return bias;
    }
}
