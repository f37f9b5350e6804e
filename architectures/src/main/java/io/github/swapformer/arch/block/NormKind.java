package io.github.swapformer.arch.block;

import io.github.swapformer.core.nn.Layer;
import io.github.swapformer.core.nn.LayerNorm;
import io.github.swapformer.core.nn.RmsNorm;

/** Which normalization a block uses: LayerNorm (Ba et al. 2016) or RMSNorm (Zhang &amp; Sennrich 2019). */
public enum NormKind {
    LAYER_NORM {
        @Override
        public Layer create(int dim, double eps) {
            return new LayerNorm(dim, eps);
        }
    },
    RMS_NORM {
        @Override
        public Layer create(int dim, double eps) {
            return new RmsNorm(dim, eps);
        }
    };

    /** A new norm over the last axis of width {@code dim}, gain 1 (and shift 0). */
    public abstract Layer create(int dim, double eps);
}
