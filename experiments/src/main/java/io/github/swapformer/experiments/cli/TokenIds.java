package io.github.swapformer.experiments.cli;

/** Checks of token ids given on the command line. */
final class TokenIds {
    private TokenIds() {
    }

    /** Refuses an empty list or an id outside 0..vocab−1, naming the option. */
    static void check(String option, int[] ids, int vocab) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException(option + " is empty; give at least one token id");
        }
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException(option + " has id " + id + ", outside the model's vocabulary 0.." + (vocab - 1));
            }
        }
    }
}
