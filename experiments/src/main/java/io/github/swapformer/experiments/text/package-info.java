/**
 * Text for language modelling: tokenizers (bytes, characters, byte-level BPE trained by
 * {@link io.github.swapformer.experiments.text.BpeTrainer}), their JSON file beside a trained model,
 * and a {@link io.github.swapformer.experiments.text.Corpus} split by position into train,
 * validation and test text. Study specs name a corpus in their {@code corpus:} mapping
 * ({@link io.github.swapformer.experiments.text.CorpusSpec}); the {@code train} and {@code eval}
 * commands take {@code --corpus FILE}.
 */
package io.github.swapformer.experiments.text;
