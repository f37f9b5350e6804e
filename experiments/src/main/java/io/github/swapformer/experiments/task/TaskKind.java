package io.github.swapformer.experiments.task;

import io.github.swapformer.core.random.Rng;
import java.util.Arrays;
import java.util.Locale;

/**
 * The synthetic decoder-only tasks of the length-generalization literature (Delétang et al. 2023,
 * "Neural Networks and the Chomsky Hierarchy", arXiv 2207.02098; Kazemnejad et al. 2023,
 * arXiv 2305.19466). Each builds one (prompt, answer) {@link Example} of problem size n from a
 * random stream; the size is what a length study varies (digits to copy, pairs to recall…).
 */
public enum TaskKind implements Task {
    /** {@code x₁…xₙ | x₁…xₙ}: ten symbols. */
    COPY {
        @Override
        public Example generate(Rng rng, int n) {
            int[] x = symbols(rng, n, COPY_SYMBOLS);
            return withAnswer(x, x);
        }

        @Override
        public int sequenceLength(int n) {
            return 2 * n + 1;
        }
    },
    /** {@code x₁…xₙ | xₙ…x₁}. */
    REVERSE {
        @Override
        public Example generate(Rng rng, int n) {
            int[] x = symbols(rng, n, COPY_SYMBOLS);
            int[] r = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = x[n - 1 - i];
            }
            return withAnswer(x, r);
        }

        @Override
        public int sequenceLength(int n) {
            return 2 * n + 1;
        }
    },
    /** {@code x₁…xₙ | sorted(x)}. */
    SORT {
        @Override
        public Example generate(Rng rng, int n) {
            int[] x = symbols(rng, n, COPY_SYMBOLS);
            int[] s = x.clone();
            Arrays.sort(s);
            return withAnswer(x, s);
        }

        @Override
        public int sequenceLength(int n) {
            return 2 * n + 1;
        }
    },
    /**
     * {@code a + b | a+b}: two n-digit numbers, least significant digit first in prompt and answer
     * (the order in which carries propagate; Lee et al. 2023, arXiv 2307.03381), answer n+1 digits.
     */
    ADDITION {
        @Override
        public Example generate(Rng rng, int n) {
            int[] a = symbols(rng, n, 10);
            int[] b = symbols(rng, n, 10);
            int[] prompt = new int[2 * n + 1];
            System.arraycopy(a, 0, prompt, 0, n);
            prompt[n] = Vocabulary.PLUS;
            System.arraycopy(b, 0, prompt, n + 1, n);
            int[] sum = new int[n + 1];
            int carry = 0;
            for (int i = 0; i < n; i++) {
                int d = (a[i] - Vocabulary.FIRST_SYMBOL) + (b[i] - Vocabulary.FIRST_SYMBOL) + carry;
                sum[i] = Vocabulary.symbol(d % 10);
                carry = d / 10;
            }
            sum[n] = Vocabulary.symbol(carry);
            return withAnswer(prompt, sum);
        }

        @Override
        public int sequenceLength(int n) {
            return 3 * n + 3;
        }
    },
    /** {@code b₁…bₙ | (Σbᵢ mod 2)}: bits as symbols 0 and 1. */
    PARITY {
        @Override
        public Example generate(Rng rng, int n) {
            int[] bits = symbols(rng, n, 2);
            return withAnswer(bits, new int[] {Vocabulary.symbol(ones(bits) % 2)});
        }

        @Override
        public int sequenceLength(int n) {
            return n + 2;
        }
    },
    /**
     * {@code k₁ v₁ … kₙ vₙ ? k v}: n key–value pairs (keys are symbols 0–7, values 8–15), then a
     * query for a key that occurs; the answer is the value of its last occurrence, so the task is
     * defined at every n (Ba et al. 2016 "fast weights"; Olsson et al. 2022 induction heads).
     */
    ASSOCIATIVE_RECALL {
        @Override
        public Example generate(Rng rng, int n) {
            int[] tokens = new int[2 * n + 3];
            for (int i = 0; i < n; i++) {
                tokens[2 * i] = Vocabulary.symbol(rng.nextInt(RECALL_KEYS));
                tokens[2 * i + 1] = Vocabulary.symbol(RECALL_KEYS + rng.nextInt(Vocabulary.SYMBOLS - RECALL_KEYS));
            }
            int key = tokens[2 * rng.nextInt(n)];
            int value = -1;
            for (int i = 0; i < n; i++) {
                if (tokens[2 * i] == key) {
                    value = tokens[2 * i + 1];
                }
            }
            tokens[2 * n] = Vocabulary.QUERY;
            tokens[2 * n + 1] = key;
            tokens[2 * n + 2] = value;
            return new Example(tokens, 2 * n + 2);
        }

        @Override
        public int sequenceLength(int n) {
            return 2 * n + 3;
        }
    },
    /**
     * {@code b₁…bₙ | m}: bits as symbols 0 and 1; m is 1 when ones are strictly more than zeros,
     * else 0 — so a tie (only at even n) answers 0 and the answer is a threshold on the count
     * of ones, with no tie-breaking rule to learn. A sequence-classification task for encoders
     * (and, with its one-token answer, a decoder task too).
     */
    MAJORITY {
        @Override
        public Example generate(Rng rng, int n) {
            int[] bits = symbols(rng, n, 2);
            return withAnswer(bits, new int[] {Vocabulary.symbol(2 * ones(bits) > n ? 1 : 0)});
        }

        @Override
        public int sequenceLength(int n) {
            return n + 2;
        }
    },
    /**
     * {@code c₁…c₂ₙ | b}: n pairs of brackets written as symbol 0 for "(" and 1 for ")" (the dump
     * shows {@code 0 1 0 0 1 1 | 1} for {@code ()(())}, balanced); b is 1 when the word is
     * balanced (a Dyck word: no prefix closes more than it opens), else 0. Half the examples are
     * balanced, drawn uniformly among Dyck words; the other half are hard negatives: n of each
     * bracket and (from n = 3) opening with "(" and closing with ")", like a balanced word, but some
     * prefix goes negative, so neither counting nor the ends solve the task (Delétang et al. 2023
     * list Dyck languages as context-free). Size n = pairs.
     */
    BRACKETS {
        @Override
        public Example generate(Rng rng, int n) {
            boolean balanced = rng.nextInt(2) == 1;
            int[] steps = balanced ? Brackets.dyckWord(rng, n) : Brackets.unbalancedWord(rng, n);
            int[] x = new int[2 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = Vocabulary.symbol(steps[i] > 0 ? 0 : 1);
            }
            return withAnswer(x, new int[] {Vocabulary.symbol(balanced ? 1 : 0)});
        }

        @Override
        public int sequenceLength(int n) {
            return 2 * n + 2;
        }
    };

    static final int COPY_SYMBOLS = 10;
    static final int RECALL_KEYS = 8;

    /** One example of problem size {@code n} (n ≥ 1) drawn from {@code rng}. */
    public abstract Example generate(Rng rng, int n);

    /** The number of tokens of an example of size n (prompt and answer). */
    public abstract int sequenceLength(int n);

    /** The decoder input length of an example of size n: every token but the last. */
    @Override
    public int inputLength(int n) {
        return sequenceLength(n) - 1;
    }

    /** One example of size n, after checking n. */
    public Example example(Rng rng, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("task " + id() + ": size " + n + " must be at least 1");
        }
        return generate(rng, n);
    }

    /** The name used in study specs and result files: {@code copy}, {@code associative_recall}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task named {@code id} (case-insensitive); the message lists the known ones. */
    public static TaskKind fromId(String id) {
        for (TaskKind k : values()) {
            if (k.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "'; known: " + known());
    }

    static String known() {
        StringBuilder sb = new StringBuilder();
        for (TaskKind k : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.id());
        }
        return sb.toString();
    }

    private static int[] symbols(Rng rng, int n, int alphabet) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = Vocabulary.symbol(rng.nextInt(alphabet));
        }
        return x;
    }

    /** How many of {@code bits} (symbols 0 and 1) are 1. */
    private static int ones(int[] bits) {
        int ones = 0;
        for (int b : bits) {
            ones += b - Vocabulary.FIRST_SYMBOL;
        }
        return ones;
    }

    private static Example withAnswer(int[] prompt, int[] answer) {
        int[] tokens = new int[prompt.length + 1 + answer.length];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        tokens[prompt.length] = Vocabulary.SEP;
        System.arraycopy(answer, 0, tokens, prompt.length + 1, answer.length);
        return new Example(tokens, prompt.length + 1);
    }
}
