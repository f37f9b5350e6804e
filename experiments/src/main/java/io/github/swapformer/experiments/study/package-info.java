/**
 * Ablation studies: a YAML spec crossed into cells, run in parallel, resumable and shardable, summarized
 * for the reports module.
 *
 * <h2>Spec format</h2>
 * <pre>
 * name: quick                       # the results folder: &lt;results&gt;/quick
 * axes:                             # each axis a list; every combination is a cell, in this nesting order:
 *   task: [copy, associative_recall]          #   task, architecture, positional, norm_placement, norm_kind, ffn, seeds
 *   architecture: [decoder]                   #   (decoder only so far)
 *   positional: [nope, rope, alibi]           #   PositionalKind names, lower case
 *   norm_placement: [pre]                     #   pre, post, sandwich
 *   norm_kind: [layer_norm]                   #   layer_norm, rms_norm
 *   ffn: [mlp_gelu]                           #   mlp_relu, mlp_gelu, glu, reglu, geglu, swiglu
 *   seeds: [1, 2]
 * extra:                            # optional further grids; an axis they omit is the main grid's
 *   - {positional: [rope], task: [copy], norm_placement: [post, sandwich]}
 * model: {d_model: 64, n_layers: 2, n_heads: 4, ffn_hidden: 0, dropout: 0}
 * train_length: 8                   # problem sizes 1..8 in training; train_lengths: {addition: 5} per task
 * train: {steps: 1500, batch_size: 64, accumulation: 1, lr: 3e-3, warmup_steps: 100, min_lr_ratio: 0.1,
 *         weight_decay: 0, clip_norm: 1, eval_every: 250, checkpoint_every: 250, min_length: 1}
 * eval: {multipliers: [1, 1.5, 2, 3, 4], examples: 128, batch_size: 64}
 * </pre>
 * Unknown keys and names are errors. The results folder follows {@code reports/README.md}.
 */
package io.github.swapformer.experiments.study;
