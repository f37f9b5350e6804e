package io.github.swapformer.arch.generate;

/**
 * How the next token is chosen: the most likely one (greedy), a draw from the tempered and
 * truncated distribution (top-k, Fan et al. 2018; nucleus/top-p, Holtzman et al. 2020, arXiv
 * 1904.09751), or beam search with a length penalty (Wu et al. 2016, arXiv 1609.08144, in the
 * form Hugging Face uses: score / length^α).
 */
public sealed interface Decoding permits Decoding.Greedy, Decoding.Sample, Decoding.Beam {
    static Decoding greedy() {
        return new Greedy();
    }

    /** Always the most likely token; ties go to the smallest id. */
    record Greedy() implements Decoding {
    }

    /**
     * A draw from softmax(logits / temperature), restricted first to the {@code topK} most likely
     * tokens (0 = no limit), then to the smallest set whose probability reaches {@code topP}
     * (1 = no limit). Temperature 0 means greedy.
     */
    record Sample(double temperature, int topK, double topP) implements Decoding {
        public Sample {
            if (!(temperature >= 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature " + temperature + " must be a finite number >= 0");
            }
            if (topK < 0) {
                throw new IllegalArgumentException("top-k " + topK + " must be >= 0 (0 = no limit)");
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p " + topP + " must be in (0, 1] (1 = no limit)");
            }
        }

        /** Plain sampling at {@code temperature}, without truncation. */
        public static Sample withTemperature(double temperature) {
            return new Sample(temperature, 0, 1.0);
        }
    }

    /**
     * Beam search over {@code width} hypotheses; a finished hypothesis (ended by a stop token) scores
     * its summed log-probability divided by (generated length)^{@code lengthPenalty}, the stop token
     * counted. Width 1 is greedy.
     */
    record Beam(int width, double lengthPenalty) implements Decoding {
        public Beam {
            if (width < 1) {
                throw new IllegalArgumentException("beam width " + width + " must be at least 1");
            }
            if (!Double.isFinite(lengthPenalty)) {
                throw new IllegalArgumentException("length penalty " + lengthPenalty + " must be a finite number");
            }
        }

        /** Hugging Face's default penalty, α = 1 (the mean log-probability per token). */
        public static Beam ofWidth(int width) {
            return new Beam(width, 1.0);
        }
    }
}
