package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.experiments.text.GeneratedCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Study specs with the lm task: the corpus mapping, its errors, cell ids, and a 1-cell study end to end. */
class LanguageModelStudyTest {
    @TempDir
    Path dir;

    private String spec(Path corpus, String tokenizer) {
        return """
                name: lm-tiny
                axes:
                  positional: [alibi]
                  task: [lm]
                  seeds: [1]
                model: {d_model: 16, n_layers: 1, n_heads: 2}
                train_length: 16
                train: {steps: 30, batch_size: 8, warmup_steps: 5, lr: 0.01, min_length: 16}
                eval: {multipliers: [1, 2], examples: 8, batch_size: 8}
                corpus: {file: '%s', %s}
                """.formatted(corpus, tokenizer);
    }

    private static String message(String yaml) {
        return assertThrows(SpecException.class, () -> StudyRunner.validate(SpecReader.parse(yaml, "spec.yaml")))
                .getMessage();
    }

    @Test
    void lmWithoutACorpusSaysToAddCorpusFile() {
        String m = message(SpecReaderTest.TINY.replace("task: [copy]", "task: [copy, lm]"));
        assertTrue(m.startsWith("spec.yaml: task lm needs a corpus") && m.contains("corpus.file"), m);
    }

    @Test
    void corpusErrorsAreOneLineBeforeAnyTraining() {
        Path file = GeneratedCorpus.write(dir, 1, 5000);
        String missing = message(spec(dir.resolve("nope.txt"), "tokenizer: byte"));
        assertEquals("spec.yaml: corpus file " + dir.resolve("nope.txt") + " does not exist", missing);
        assertTrue(message(spec(file, "tokeniser: byte")).contains("unknown key 'corpus.tokeniser'; allowed here: file, "
                + "tokenizer, vocab_size"));
        assertTrue(message(spec(file, "tokenizer: words")).contains("corpus.tokenizer: unknown tokenizer 'words'; known: "
                + "byte, char, bpe"));
        assertTrue(message(spec(file, "tokenizer: bpe, vocab_size: 100")).contains("vocab_size 100 must be at least 257"));
        String encoder = message(spec(file, "tokenizer: byte").replace("task: [lm]", "task: [lm]\n  architecture: [encoder]"));
        assertTrue(encoder.contains("architecture encoder cannot learn task lm"), encoder);
        String longEval = message(spec(file, "tokenizer: byte").replace("[1, 2]", "[1, 20]"));
        assertTrue(longEval.contains("too short: its test split (last 5 %) has ") && longEval.contains("a window of 320 needs 321"), longEval);
    }

    @Test
    void theCorpusContentAndTokenizerAreInTheCellIdOthersCellsIgnoreThem() throws IOException {
        Path file = GeneratedCorpus.write(dir, 1, 5000);
        String withCopy = spec(file, "tokenizer: byte").replace("task: [lm]", "task: [copy, lm]");
        List<Cell> cells = SpecReader.parse(withCopy, "t").cells();
        assertEquals(SpecReader.parse(SpecReaderTest.TINY.replace("[rope, alibi]", "[alibi]")
                        .replace("seeds: [1, 2]", "seeds: [1]").replace("train_length: 3", "train_length: 16")
                        .replace("steps: 20, batch_size: 8, warmup_steps: 5", "steps: 30, batch_size: 8, warmup_steps: 5,"
                                + " lr: 0.01, min_length: 16").replace("train_length: 16", "train_length: 16"), "t")
                        .cells().get(0).canonical().replace(";corpus=", "!"),
                cells.get(0).canonical(), "a copy cell's identity does not mention the corpus");
        String lm = cells.get(1).id();
        assertTrue(lm.startsWith("lm-alibi-"), lm);
        assertEquals(lm, SpecReader.parse(withCopy, "t").cells().get(1).id());
        assertNotEquals(lm, SpecReader.parse(withCopy.replace("tokenizer: byte", "tokenizer: char"), "t").cells().get(1).id());
        Files.writeString(file, "more text.", java.nio.file.StandardOpenOption.APPEND);
        assertNotEquals(lm, SpecReader.parse(withCopy, "t").cells().get(1).id());
    }

    @Test
    void aOneCellLmStudyWritesPerplexityRowsAndPerPositionPerplexity() throws IOException {
        Path file = GeneratedCorpus.write(dir, 2, 12_000);
        String yaml = spec(file, "tokenizer: bpe, vocab_size: 300");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8)).run(SpecReader.parse(yaml, "t"),
                yaml, new StudyRunner.Options(dir.resolve("results"), 1, Shard.ALL, false, true, false));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        Path study = dir.resolve("results").resolve("lm-tiny");
        List<String> rows = Files.readAllLines(study.resolve("summary.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        for (String row : rows.subList(1, 3)) {
            String[] f = row.split(",", -1);
            assertEquals("lm", f[1]);
            assertEquals("ok", f[10]);
            assertEquals("", f[11], "exact match means nothing for a language model: " + row);
            double accuracy = Double.parseDouble(f[12]);
            double loss = Double.parseDouble(f[13]);
            double perplexity = Double.parseDouble(f[14]);
            assertTrue(accuracy > 0 && accuracy < 1, row);
            assertEquals(Math.exp(loss), perplexity, 1e-4 * perplexity, row);
            assertTrue(perplexity < 300, "better than uniform over the 300 ids: " + row);
        }
        Cell cell = SpecReader.parse(yaml, "t").cells().get(0);
        JsonNode json = CellResult.read(study.resolve("cells").resolve(cell.id() + ".json"));
        JsonNode at32 = json.path("evaluations").get(1);
        assertEquals(32, at32.path("eval_length").asInt());
        assertEquals(32, at32.path("per_position_perplexity").size());
        assertEquals(1, at32.path("position_bucket_width").asInt());
        assertTrue(json.path("config").asText().contains(";corpus=sha256:"), json.path("config").asText());
        assertTrue(Files.exists(study.resolve("report").resolve("report.md")), "the report renders an lm study: " + log);
        assertTrue(Files.exists(study.resolve("report").resolve("charts").resolve("perplexity-lm.png")),
                "the perplexity chart is drawn for lm");
    }
}
