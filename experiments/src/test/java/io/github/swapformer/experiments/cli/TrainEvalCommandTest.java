package io.github.swapformer.experiments.cli;

import static io.github.swapformer.experiments.cli.SwapformerCommandTest.assertOneLineError;
import static io.github.swapformer.experiments.cli.SwapformerCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.experiments.cli.SwapformerCommandTest.Run;
import io.github.swapformer.experiments.text.GeneratedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swapformer train} and {@code eval} in-process on a generated corpus and on copy. */
class TrainEvalCommandTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path lm;

    private static final String[] SMALL = {"--d-model", "16", "--layers", "1", "--heads", "2", "--threads", "1",
            "--batch-size", "8", "--lr", "1e-2"};

    private static String[] args(String[] head, String... tail) {
        String[] out = new String[head.length + SMALL.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(SMALL, 0, out, head.length, SMALL.length);
        System.arraycopy(tail, 0, out, head.length + SMALL.length, tail.length);
        return out;
    }

    @BeforeAll
    static void trainACorpusModel() throws IOException {
        corpus = GeneratedCorpus.write(dir, 5, 20_000);
        lm = dir.resolve("lm");
        Run r = run(args(new String[] {"train", "--corpus", corpus.toString(), "--tokenizer", "bpe", "--vocab-size", "300",
                "--positional", "alibi", "--length", "16", "--steps", "40", "--out", lm.toString()}, "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(40, j.path("steps").asInt());
        assertTrue(j.path("validation_perplexity").asDouble() < 300, "better than uniform: " + j);
    }

    @Test
    void trainWritesAModelDirectoryWithItsTokenizer() {
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "curve.csv"}) {
            assertTrue(Files.exists(lm.resolve(f)), f);
        }
    }

    @Test
    void evalPrintsPerplexityPerLength() throws IOException {
        Run r = run("eval", "--model", lm.toString(), "--corpus", corpus.toString(), "--lengths", "16,32",
                "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = r.json();
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            assertEquals("ok", row.path("status").asText(), row.toString());
            assertEquals(Math.exp(row.path("loss").asDouble()), row.path("perplexity").asDouble(), 1e-9);
            assertTrue(row.path("exact_match").isNull(), row.toString());
        }
        Run table = run("eval", "--model", lm.toString(), "--corpus", corpus.toString(), "--lengths", "16", "--threads", "1");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("perplexity") && table.out().lines().count() == 2, table.out());
    }

    @Test
    void badInputIsOneLine() {
        assertOneLineError(run(args(new String[] {"train", "--corpus", dir.resolve("none.txt").toString(), "--length", "8",
                "--steps", "1", "--out", dir.resolve("x").toString()})), 1, "corpus file " + dir.resolve("none.txt") + " does not exist");
        assertOneLineError(run(args(new String[] {"train", "--length", "8", "--steps", "1", "--out", "x"})), 2,
                "give exactly one of --corpus FILE and --task TASK");
        assertOneLineError(run("eval", "--model", lm.toString(), "--corpus", corpus.toString(), "--lengths", "0"), 1,
                "--lengths: 0 is not a length");
        assertOneLineError(run("eval", "--model", lm.toString(), "--corpus", corpus.toString(), "--lengths", "100000"), 1,
                "a window of 100000 needs 100001");
        assertOneLineError(run(args(new String[] {"train", "--task", "juggle", "--length", "3", "--steps", "1", "--out",
                "x"})), 1, "unknown task 'juggle'");
        assertOneLineError(run(args(new String[] {"train", "--task", "copy", "--positional", "wavy", "--length", "3",
                "--steps", "1", "--out", "x"})), 1, "--positional 'wavy' is unknown; known: nope, sinusoidal");
    }

    @Test
    void aTaskModelTrainsAndEvaluatesByExactMatch() throws IOException {
        Path copy = dir.resolve("copy");
        Run t = run(args(new String[] {"train", "--task", "copy", "--positional", "learned_absolute", "--length", "3",
                "--steps", "20", "--out", copy.toString()}, "--json"));
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.notExists(copy.resolve("tokenizer.json")));
        Run e = run("eval", "--model", copy.toString(), "--task", "copy", "--sizes", "3,6", "--windows", "16", "--json");
        assertEquals(0, e.code(), e.err());
        assertEquals("ok", e.json().get(0).path("status").asText());
        assertTrue(e.json().get(0).path("exact_match").isNumber());
        assertEquals("not_applicable", e.json().get(1).path("status").asText(), "learned table beyond its length");
        assertOneLineError(run("eval", "--model", copy.toString(), "--corpus", corpus.toString(), "--lengths", "8"), 1,
                "has no tokenizer.json");
    }

    @Test
    void helpDescribesTheOptions() {
        Run train = run("train", "--help");
        assertEquals(0, train.code());
        assertTrue(train.out().contains("--corpus") && train.out().contains("--vocab-size") && train.out().contains("--out"));
        Run eval = run("eval", "--help");
        assertEquals(0, eval.code());
        assertTrue(eval.out().contains("--lengths") && eval.out().contains("--model"));
    }
}
