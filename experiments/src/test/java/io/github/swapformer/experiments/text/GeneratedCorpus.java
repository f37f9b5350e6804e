package io.github.swapformer.experiments.text;

import io.github.swapformer.core.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seeded template grammar of English-like sentences for tests: a small vocabulary of words in a
 * fixed sentence frame, so a small model learns it quickly (the frame and the spelling of words are
 * predictable) while the word choices keep it from being memorized.
 */
public final class GeneratedCorpus {
    private static final String[] ADJECTIVES = {"red", "small", "quiet", "happy", "old", "green"};
    private static final String[] NOUNS = {"cat", "dog", "bird", "fox", "child", "teacher"};
    private static final String[] VERBS = {"sees", "likes", "follows", "helps", "finds"};
    private static final String[] PLACES = {"in the garden", "by the river", "at home", "near the school"};

    private GeneratedCorpus() {
    }

    /** About {@code chars} characters of sentences drawn with {@code seed}. */
    public static String text(long seed, int chars) {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append("the ").append(pick(rng, ADJECTIVES)).append(' ').append(pick(rng, NOUNS)).append(' ')
                    .append(pick(rng, VERBS)).append(" the ").append(pick(rng, NOUNS)).append(' ')
                    .append(pick(rng, PLACES)).append(rng.nextInt(4) == 0 ? ".\n" : ". ");
        }
        return sb.toString();
    }

    /** Writes {@link #text} to {@code dir/corpus.txt} and returns the path. */
    public static Path write(Path dir, long seed, int chars) {
        Path file = dir.resolve("corpus.txt");
        try {
            Files.writeString(file, text(seed, chars));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String pick(Rng rng, String[] words) {
        return words[rng.nextInt(words.length)];
    }
}
