package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRunnerTest {
    static final String LEARNED = SpecReaderTest.TINY.replace("[rope, alibi]", "[rope, learned_absolute]");

    private static StudyRunner.Options options(Path results, boolean dryRun) {
        return new StudyRunner.Options(results, 2, Shard.ALL, dryRun, false, false);
    }

    @Test
    void writesCellsCurvesAndASummaryInTheContractFormat(@TempDir Path results) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(SpecReader.parse(LEARNED, "t"), LEARNED, options(results, false));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        Path study = results.resolve("tiny");
        List<String> rows = Files.readAllLines(study.resolve("summary.csv"));
        assertEquals(Summary.HEADER, rows.get(0));
        assertEquals(1 + 4 * 2, rows.size(), String.join("\n", rows));
        List<Cell> cells = SpecReader.parse(LEARNED, "t").cells();
        for (int i = 0; i < cells.size(); i++) {
            String[] at3 = rows.get(1 + 2 * i).split(",", -1);
            String[] at6 = rows.get(2 + 2 * i).split(",", -1);
            assertEquals(cells.get(i).id(), at3[0]);
            assertEquals(15, at3.length);
            assertEquals("3", at3[9]);
            assertEquals("ok", at3[10]);
            double em = Double.parseDouble(at3[11]);
            assertTrue(em >= 0 && em <= 1);
            boolean learned = cells.get(i).positional().name().equals("LEARNED_ABSOLUTE");
            assertEquals(learned ? "not_applicable" : "ok", at6[10], rows.get(2 + 2 * i));
            assertEquals(learned ? "" : at6[11], at6[11], "no fake zero");
            assertTrue(Files.exists(study.resolve("curves").resolve(cells.get(i).id() + ".csv")));
            assertFalse(Files.exists(study.resolve("checkpoints").resolve(cells.get(i).id() + ".safetensors")));
        }
        assertEquals("step,train_loss,lr,eval_loss",
                Files.readAllLines(study.resolve("curves").resolve(cells.get(0).id() + ".csv")).get(0));
        assertTrue(Files.readString(study.resolve("study.yaml")).contains("# resolved into 4 cells"));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new StudyRunner(new PrintStream(again, true, StandardCharsets.UTF_8))
                .run(SpecReader.parse(LEARNED, "t"), LEARNED, options(results, false));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("4 already finished, 0 to run"), again.toString());
    }

    @Test
    void aDryRunListsCellsWithAnEstimateAndWritesNothing(@TempDir Path results) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(SpecReader.parse(SpecReaderTest.TINY, "t"), SpecReaderTest.TINY, options(results, true));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("copy-alibi-pre-ln-mlp_gelu-s2-"), out);
        assertTrue(out.matches("(?s).*~\\d+ s.*estimated [0-9.]+ min on 2 threads.*"), out);
        assertFalse(Files.exists(results.resolve("tiny")));
    }

    @Test
    void anUnwritableResultsDirectoryFailsBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path locked = Files.createDirectory(tmp.resolve("locked"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-x------")));
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        for (Path results : List.of(file, locked)) {
            if (results == locked && "root".equals(System.getProperty("user.name"))) {
                continue; // root writes anywhere; the plain file still proves the check
            }
            SpecException e = assertThrows(SpecException.class, () -> new StudyRunner(System.out)
                    .run(SpecReader.parse(SpecReaderTest.TINY, "t"), SpecReaderTest.TINY, options(results, false)));
            assertTrue(e.getMessage().startsWith("results directory " + results.resolve("tiny") + " is not writable"),
                    e.getMessage());
        }
    }

    @Test
    void theCommandPrintsOneLineAndExitsWithTwoOnABadSpec(@TempDir Path tmp) throws IOException {
        Path spec = Files.writeString(tmp.resolve("bad.yaml"), SpecReaderTest.TINY.replace("[rope, alibi]", "[ropee]"));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new picocli.CommandLine(new StudyCommand()).execute("run", spec.toString(), "--results",
                    tmp.resolve("r").toString());
            assertEquals(StudyCommand.USAGE, code);
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("error: " + spec + ": unknown positional encoding 'ropee'"), text);
        assertFalse(Files.exists(tmp.resolve("r")));
    }
}
