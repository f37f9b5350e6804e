package io.github.swapformer.reports.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.testing.SyntheticStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyResultsTest {
    @TempDir
    Path dir;

    @Test
    void onlySummaryIsRequired() throws Exception {
        Path study = SyntheticStudy.minimal(1, List.of("mlp")).write(dir.resolve("s"));
        Files.delete(study.resolve("study.yaml"));
        StudyResults results = StudyResults.load(study);
        assertTrue(results.curves().isEmpty());
        assertTrue(results.throughput().isEmpty());
        assertTrue(results.jmh().isEmpty());
        assertTrue(results.pictures().isEmpty());
        assertEquals(null, results.spec());
        assertFalse(results.environment().recorded(), "no environment.json: the report machine is described");
        assertTrue(results.environment().entries().keySet().containsAll(List.of("jdk", "cpu", "threads", "date",
                "git_commit")));
    }

    @Test
    void readsEveryOptionalFile() {
        StudyResults results = StudyResults.load(SyntheticStudy.full(2).write(dir.resolve("s")));
        assertEquals(16, results.curves().size(), "2 tasks x 4 encodings x 2 seeds");
        assertEquals(41, results.curves().values().iterator().next().steps().length);
        assertEquals(2 * 4 * 4 * 6, results.throughput().size());
        assertEquals(4, results.jmh().size());
        assertEquals("ops/s", results.jmh().get(0).unit());
        assertEquals(25.0, results.jmh().get(0).scoreError(), 0);
        assertEquals(java.util.Map.of("kind", "nope", "t", "512"), results.jmh().get(0).params());
        assertEquals(129, results.pictures().ropeDecay().size());
        assertEquals(4 * 33, results.pictures().alibiBias().size());
        assertEquals(List.of("rope-similarity", "sinusoidal-encoding"),
                results.pictures().matrices().stream().map(Matrix::name).toList());
        assertEquals(4, results.pictures().attention().size());
        assertEquals(8, results.pictures().moeUsage().size());
        assertTrue(results.environment().recorded());
        assertEquals("2", results.environment().entries().get("threads"));
        assertTrue(results.spec().startsWith("name: synthetic"));
    }

    @Test
    void missingDirectoryOrSummaryIsNamed() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyResults.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> StudyResults.load(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("no summary.csv"), e.getMessage());
    }

    @Test
    void malformedOptionalFilesAreNamedToo() throws Exception {
        Path study = SyntheticStudy.full(1).write(dir.resolve("s"));
        Files.writeString(study.resolve("jmh").resolve("attention.json"), "{not json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyResults.load(study));
        assertTrue(e.getMessage().contains("attention.json") && e.getMessage().contains("not valid JSON"),
                e.getMessage());
        Files.delete(study.resolve("jmh").resolve("attention.json"));
        Files.writeString(study.resolve("pictures").resolve("rope-similarity.csv"), "0,1\n0.5,x\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyResults.load(study));
        assertTrue(e.getMessage().contains("rope-similarity.csv, line 2, column '1'"), e.getMessage());
        Files.delete(study.resolve("pictures").resolve("rope-similarity.csv"));
        Path curve = study.resolve("curves").resolve("copy-nope-mlp-s1.csv");
        Files.writeString(curve, "step,train_loss,lr\n10,1.0,0.1\n5,0.9,0.1\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyResults.load(study));
        assertTrue(e.getMessage().contains("line 3, column 'step'") && e.getMessage().contains("does not increase"),
                e.getMessage());
    }
}
