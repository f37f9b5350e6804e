package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-cell encoder study end to end through the runner: a classification cell and an mlm cell. */
class EncoderStudyTest {
    static final String SPEC = """
            name: enc
            axes:
              architecture: [encoder]
              positional: [learned_absolute]
              task: [majority]
              seeds: [1]
            extra:
              - positional: [rope]
                task: [mlm]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 20, batch_size: 8, warmup_steps: 5}
            eval: {multipliers: [1, 2], examples: 16, batch_size: 8}
            """;

    @Test
    void anEncoderStudyWritesOneSummaryRowPerCellAndLength(@TempDir Path results) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(SpecReader.parse(SPEC, "t"), SPEC, new StudyRunner.Options(results, 2, Shard.ALL, false, false, false));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        List<String> rows = Files.readAllLines(results.resolve("enc").resolve("summary.csv"));
        assertEquals(Summary.HEADER, rows.get(0));
        assertEquals(1 + 2 * 2, rows.size(), String.join("\n", rows));
        String[] majority3 = rows.get(1).split(",", -1);
        String[] majority6 = rows.get(2).split(",", -1);
        String[] mlm3 = rows.get(3).split(",", -1);
        String[] mlm6 = rows.get(4).split(",", -1);
        assertEquals(List.of("majority", "encoder", "learned_absolute", "3", "ok"),
                List.of(majority3[1], majority3[2], majority3[3], majority3[9], majority3[10]));
        assertEquals(majority3[11], majority3[12], "classification: token accuracy is the accuracy, as exact match");
        assertEquals("not_applicable", majority6[10], "a learned table of 5 positions cannot read 8: " + rows.get(2));
        assertEquals("", majority6[11], "no fake zero");
        assertEquals(List.of("mlm", "encoder", "rope", "ok", "ok"), List.of(mlm3[1], mlm3[2], mlm3[3], mlm3[10], mlm6[10]));
        for (String[] row : List.of(majority3, mlm3, mlm6)) {
            for (int column = 11; column <= 14; column++) {
                double v = Double.parseDouble(row[column]);
                assertTrue(column > 12 ? v > 0 : v >= 0 && v <= 1, String.join(",", row));
            }
        }
        assertEquals(Math.exp(Double.parseDouble(mlm6[13])), Double.parseDouble(mlm6[14]), 1e-3 * Double.parseDouble(mlm6[14]),
                "perplexity is exp of the MLM loss");
    }
}
