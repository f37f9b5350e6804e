package io.github.swapformer.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.generate.Decoding;
import io.github.swapformer.arch.generate.GenerationSpec;
import io.github.swapformer.arch.generate.Generator;
import io.github.swapformer.arch.generate.LanguageModel;
import io.github.swapformer.arch.model.DecoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands run in-process, on a tiny LLaMA-shaped checkpoint that {@code init} writes. */
class SwapformerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SwapformerCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** One line on stderr, no stack trace, a non-zero exit code. */
    static void assertOneLineError(Run r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "stderr should be one line: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        assertTrue(r.err().contains(fragment), "stderr should mention '" + fragment + "': " + r.err());
    }

    @BeforeAll
    static void tinyCheckpoint() {
        model = dir.resolve("tiny-llama");
        Run r = run("init", "--preset", "llama-2-7b", "--vocab", "40", "--d-model", "16", "--heads", "4", "--kv-heads", "2",
                "--layers", "2", "--ffn-hidden", "24", "--max-positions", "32", "--seed", "3", "--out", model.toString(), "--json");
        assertEquals(0, r.code(), r.err());
    }

    static DecoderOnlyModel load() throws IOException {
        return Checkpoints.load(model, DecoderOnlyModel.class);
    }

    @Test
    void inspectsPresetsWithTheirPublishedCounts() throws IOException {
        Run r = run("inspect", "--preset", "gpt2", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(124_439_808L, r.json().get("parameters").asLong()); // the published count of gpt2
        assertEquals("LEARNED_ABSOLUTE", r.json().get("config").get("positional").get("kind").asText());
        Run text = run("inspect", "--preset", "t5-small");
        assertTrue(text.out().contains("60,506,624"), text.out());
    }

    @Test
    void inspectsACheckpoint() throws IOException {
        Run r = run("inspect", "--model", model.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(load().parameterCount(), r.json().get("parameters").asLong());
        assertEquals(2, r.json().get("config").get("nKvHeads").asInt());
    }

    @Test
    void logitsAreTheModelsLogits() throws IOException {
        Run r = run("logits", "--model", model.toString(), "--ids", "1,2,3", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode rows = r.json().get("logits");
        assertEquals(3, rows.size());
        try (Parallel pool = Parallel.serial()) {
            float[] expected = load().logits(Tape.inference(pool), new int[] {1, 2, 3}, 1, 3).data();
            for (int t = 0; t < 3; t++) {
                assertEquals(40, rows.get(t).size());
                for (int v = 0; v < 40; v++) {
                    assertEquals(expected[t * 40 + v], rows.get(t).get(v).floatValue(), 1e-6f);
                }
            }
        }
    }

    @Test
    void generatesWhatTheGeneratorGenerates() throws IOException {
        int[] prompt = {5, 7};
        try (Parallel pool = Parallel.of(2)) {
            Generator g = new Generator(LanguageModel.of(load()), pool);
            GenerationSpec spec = GenerationSpec.greedy(6);
            assertArrayEquals(g.generate(prompt, spec), tokens(run("generate", "--model", model.toString(),
                    "--prompt-ids", "5,7", "--max-new-tokens", "6", "--greedy", "--json")));
            assertArrayEquals(g.generate(prompt, spec.withDecoding(new Decoding.Sample(0.9, 10, 0.8)).withSeed(4)),
                    tokens(run("generate", "--model", model.toString(), "--prompt-ids", "5,7", "--max-new-tokens", "6",
                            "--temperature", "0.9", "--top-k", "10", "--top-p", "0.8", "--seed", "4", "--json")));
            assertArrayEquals(g.generate(prompt, spec.withDecoding(new Decoding.Beam(3, 1.0)).withStopTokens(2)),
                    tokens(run("generate", "--model", model.toString(), "--prompt-ids", "5,7", "--max-new-tokens", "6",
                            "--beam", "3", "--stop-ids", "2", "--json")));
        }
    }

    private static int[] tokens(Run r) throws IOException {
        assertEquals(0, r.code(), r.err());
        JsonNode t = r.json().get("tokens");
        int[] out = new int[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i).asInt();
        }
        return out;
    }

    @Test
    void benchmarksReportTheirFigures() throws IOException {
        Run train = run("bench", "train-step", "--model", model.toString(), "--batch", "2", "--seq", "8", "--steps", "2", "--json");
        assertEquals(0, train.code(), train.err());
        double seconds = train.json().get("seconds_per_step").asDouble();
        assertTrue(seconds > 0, train.out());
        assertEquals(16 / seconds, train.json().get("tokens_per_second").asDouble(), 1e-6 * 16 / seconds);
        assertTrue(Double.isFinite(train.json().get("last_loss").asDouble()), train.out());
        Run gen = run("bench", "generate", "--model", model.toString(), "--tokens", "5", "--batch", "3", "--runs", "1", "--json");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(gen.json().get("tokens_per_second").asDouble() > 0, gen.out());
        Run paired = run("bench", "generate", "--model", model.toString(), "--tokens", "4", "--batch", "2",
                "--compare-batch", "1", "--runs", "3", "--warmup", "0", "--json");
        assertEquals(0, paired.code(), paired.err());
        double q1 = paired.json().get("speedup_q1").asDouble();
        double median = paired.json().get("speedup_median").asDouble();
        assertTrue(q1 > 0 && q1 <= median && median <= paired.json().get("speedup_q3").asDouble(), paired.out());
        assertTrue(paired.json().get("compare_tokens_per_second").asDouble() > 0, paired.out());
        assertEquals(1, paired.json().get("compare_batch").asInt(), paired.out());
        Run bad = run("bench", "generate", "--model", model.toString(), "--tokens", "4", "--compare-batch", "0");
        assertTrue(bad.code() != 0 && bad.err().contains("--compare-batch"), bad.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "inspect", "logits", "generate", "init", "bench", "bench train-step", "bench generate"})
    void everyCommandHasHelp(String command) {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");
        String[] args = Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        Run r = run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: swapformer" + (command.isEmpty() ? "" : " " + command)), r.out());
    }

    @Test
    void badCommandLinesGiveOneLine() {
        assertOneLineError(run(), 2, "a command is required");
        assertOneLineError(run("inspect"), 2, "--preset");
        assertOneLineError(run("inspect", "--preset", "gpt2", "--model", "x"), 2, "mutually exclusive");
        assertOneLineError(run("logits", "--model", model.toString(), "--ids", "1,x"), 2, "'x' is not an int");
        assertOneLineError(run("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-new-tokens", "3",
                "--beam", "2", "--temperature", "1"), 2, "choose one of");
        assertOneLineError(run("frobnicate"), 2, "frobnicate");
    }

    @Test
    void badInputGivesOneLine(@TempDir Path tmp) throws IOException {
        assertOneLineError(run("inspect", "--preset", "gpt3"), 1, "gpt3");
        assertOneLineError(run("logits", "--model", tmp.resolve("absent").toString(), "--ids", "1"), 1, "absent");
        assertOneLineError(run("logits", "--model", model.toString(), "--ids", "1,40"), 1, "id 40");
        Path gpt = tmp.resolve("gpt"); // learned positions: a table of 16, which generation may not run past
        assertEquals(0, run("init", "--preset", "gpt2", "--vocab", "30", "--d-model", "8", "--heads", "2", "--layers", "1",
                "--max-positions", "16", "--out", gpt.toString()).code());
        assertOneLineError(run("generate", "--model", gpt.toString(), "--prompt-ids", "1,2", "--max-new-tokens", "15"), 1,
                "16 positions");
        assertOneLineError(run("logits", "--model", gpt.toString(), "--ids", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"), 1,
                "16 positions");
        assertOneLineError(run("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-new-tokens", "3",
                "--top-p", "1.5"), 1, "top-p 1.5");
        assertOneLineError(run("bench", "train-step", "--model", model.toString(), "--batch", "0", "--seq", "4", "--steps", "1"),
                1, "--batch 0");

        Path truncated = copy(tmp.resolve("truncated"));
        Path weights = truncated.resolve(Checkpoints.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(run("generate", "--model", truncated.toString(), "--prompt-ids", "1", "--max-new-tokens", "2"), 1,
                Checkpoints.WEIGHTS_FILE);

        Path unknown = copy(tmp.resolve("unknown"));
        Path config = unknown.resolve(Checkpoints.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("\"llama\"", "\"mamba\""));
        assertOneLineError(run("logits", "--model", unknown.toString(), "--ids", "1"), 1, "mamba");

        assertOneLineError(run("generate", "--model", model.toString(), "--max-new-tokens", "3"), 1, "--prompt-ids is required");
        Path t5 = tmp.resolve("t5");
        assertEquals(0, run("init", "--preset", "t5-small", "--vocab", "30", "--d-model", "8", "--heads", "2", "--layers", "1",
                "--ffn-hidden", "8", "--out", t5.toString()).code());
        assertOneLineError(run("generate", "--model", t5.toString(), "--max-new-tokens", "3"), 1, "--source-ids is required");
        Run seq2seq = run("generate", "--model", t5.toString(), "--source-ids", "5,6,7", "--max-new-tokens", "3", "--json");
        assertEquals(0, seq2seq.code(), seq2seq.err());
        assertEquals(3, seq2seq.json().get("tokens").size());

        Run encoder = run("init", "--preset", "bert-base-uncased", "--vocab", "120", "--d-model", "8", "--heads", "2",
                "--layers", "1", "--ffn-hidden", "8", "--max-positions", "8", "--out", tmp.resolve("bert").toString());
        assertEquals(0, encoder.code(), encoder.err());
        assertOneLineError(run("logits", "--model", tmp.resolve("bert").toString(), "--ids", "1"), 1, "has no mlm head");
    }

    private static Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : new String[] {Checkpoints.CONFIG_FILE, Checkpoints.WEIGHTS_FILE}) {
            Files.copy(model.resolve(name), target.resolve(name));
        }
        return target;
    }
}
