package io.github.swapformer.experiments.cli;

import static io.github.swapformer.experiments.cli.SwapformerCommandTest.assertOneLineError;
import static io.github.swapformer.experiments.cli.SwapformerCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swapformer.arch.checkpoint.Checkpoints;
import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.EncoderOnlyModel;
import io.github.swapformer.core.autograd.Tape;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.experiments.cli.SwapformerCommandTest.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swapformer logits} on the encoder families: BERT's masked-LM logits, T5's decoder logits. */
class LogitsCommandTest {
    @TempDir
    static Path dir;
    static Path bert;
    static Path t5;

    @BeforeAll
    static void tinyCheckpoints() {
        bert = dir.resolve("bert");
        t5 = dir.resolve("t5");
        String[] sizes = {"--d-model", "16", "--heads", "2", "--layers", "2", "--ffn-hidden", "24", "--seed", "4"};
        String[][] models = {{"bert-base-uncased", bert.toString(), "--vocab=120", "--encoder-heads=pretraining"},
            {"t5-small", t5.toString(), "--vocab=30", "--json"}};
        for (String[] m : models) {
            String[] args = new String[sizes.length + 5];
            args[0] = "init";
            args[1] = "--preset=" + m[0];
            args[2] = "--out=" + m[1];
            args[3] = m[2];
            args[4] = m[3];
            System.arraycopy(sizes, 0, args, 5, sizes.length);
            Run r = run(args);
            assertEquals(0, r.code(), r.err());
        }
    }

    @Test
    void bertGivesItsMaskedLmLogitsAtEveryPosition() throws IOException {
        int[] ids = {2, 7, 3, 9, 4};
        int[] segments = {0, 0, 0, 1, 1};
        Run r = run("logits", "--model", bert.toString(), "--ids", "2,7,3,9,4", "--segment-ids", "0,0,0,1,1", "--json");
        assertEquals(0, r.code(), r.err());
        EncoderOnlyModel m = Checkpoints.load(bert, EncoderOnlyModel.class);
        try (Parallel pool = Parallel.serial()) {
            Tape tape = Tape.inference(pool);
            assertRows(r.json().get("logits"), m.mlmLogits(tape, m.hidden(tape, ids, segments, 1, 5)).data(), 5, 120);
        }
    }

    @Test
    void t5GivesTheDecodersLogitsForTheDecoderIds() throws IOException {
        Run r = run("logits", "--model", t5.toString(), "--ids", "5,8,11,1", "--decoder-ids", "0,6,9", "--json");
        assertEquals(0, r.code(), r.err());
        EncoderDecoderModel m = Checkpoints.load(t5, EncoderDecoderModel.class);
        try (Parallel pool = Parallel.serial()) {
            float[] expected = m.logits(Tape.inference(pool), new int[] {5, 8, 11, 1}, 4, new int[] {0, 6, 9}, 3, 1).data();
            assertRows(r.json().get("logits"), expected, 3, 30);
        }
    }

    @Test
    void optionsThatDoNotFitTheFamilyAreRefusedInOneLine() {
        assertOneLineError(run("logits", "--model", t5.toString(), "--ids", "5,8"), 1, "give --decoder-ids");
        assertOneLineError(run("logits", "--model", bert.toString(), "--ids", "5,8", "--decoder-ids", "0"), 1,
                "--decoder-ids is for encoder-decoder models");
        assertOneLineError(run("logits", "--model", t5.toString(), "--ids", "5", "--decoder-ids", "0", "--segment-ids", "0"), 1,
                "--segment-ids is for encoder-only models");
        assertOneLineError(run("logits", "--model", bert.toString(), "--ids", "5,8", "--segment-ids", "0"), 1,
                "--segment-ids has 1 ids, --ids has 2");
    }

    private static void assertRows(JsonNode rows, float[] expected, int positions, int vocab) {
        assertEquals(positions, rows.size());
        for (int t = 0; t < positions; t++) {
            assertEquals(vocab, rows.get(t).size());
            for (int v = 0; v < vocab; v++) {
                assertEquals(expected[t * vocab + v], rows.get(t).get(v).floatValue(), 1e-6f, "position " + t + " id " + v);
            }
        }
    }
}
