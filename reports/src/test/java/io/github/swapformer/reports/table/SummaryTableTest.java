package io.github.swapformer.reports.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.testing.SyntheticStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTableTest {
    private static final String HEADER = String.join(",", SummaryTable.COLUMNS) + "\n";
    private static final String GOOD = "c1,copy,decoder,rope,pre,layer_norm,mlp,1,16,32,ok,0.5,0.6,1.2,3.3\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("summary.csv"), text);
    }

    private String error(String text) throws IOException {
        Path file = write(text);
        return assertThrows(IllegalArgumentException.class, () -> SummaryTable.read(file)).getMessage();
    }

    @Test
    void variantsComeFromTheAxesThatVary() {
        Path study = SyntheticStudy.minimal(2, List.of("mlp", "swiglu")).write(dir.resolve("s"));
        SummaryTable table = SummaryTable.read(study.resolve("summary.csv"));
        assertEquals(List.of(Axis.POSITIONAL, Axis.FFN), table.varyingAxes());
        assertEquals("nope · mlp", table.variants().get(0).label());
        assertEquals(8, table.variants().size());
        assertEquals(List.of("copy", "reverse"), table.tasks());
        assertEquals(List.of(8, 16, 24, 32, 48, 64), table.evalLengths("copy"));
        assertEquals(16, table.trainLength("copy"));
        assertEquals(List.of(1L, 2L), table.seeds());
    }

    @Test
    void aSingleVariantIsNamedByItsEncoding() throws IOException {
        SummaryTable table = SummaryTable.read(write(HEADER + GOOD));
        assertEquals(List.of(), table.varyingAxes());
        assertEquals("rope", table.variants().get(0).label());
    }

    @Test
    void aBadNumberNamesFileLineAndColumn() throws IOException {
        String message = error(HEADER + GOOD + "c2,copy,decoder,rope,pre,layer_norm,mlp,2,16,32,ok,abc,0.6,1.2,3.3\n");
        assertTrue(message.contains("summary.csv") && message.contains("line 3")
                && message.contains("column 'exact_match'") && message.contains("'abc' is not a number"), message);
    }

    @Test
    void malformedInputIsRejectedWithAClearReason() throws IOException {
        assertTrue(error("cell_id,task\nc1,copy\n").contains("lacks this column"), "missing column");
        assertTrue(error(HEADER + GOOD.replace(",ok,", ",fine,")).contains("'fine' is not one of ok, not_applicable"));
        assertTrue(error(HEADER + GOOD.replace("0.5,0.6", "1.5,0.6")).contains("outside [0, 1]"));
        assertTrue(error(HEADER + GOOD.replace(",16,32,", ",0,32,")).contains("column 'train_length'"));
        assertTrue(error(HEADER + "c1,copy,decoder\n").contains("row has 3 fields but the header has 15"));
        assertTrue(error(HEADER + GOOD.replace(",0.5,0.6,", ",0.5,,")).contains("column 'token_accuracy'"), "empty metric");
        assertTrue(error("").contains("is empty"));
        assertTrue(error(HEADER).contains("no rows"));
        assertTrue(error(HEADER + GOOD + GOOD.replace(",16,32,", ",20,32,")).contains("one training length per task"));
        assertTrue(error(HEADER + GOOD.replace("c1,", "\"c1,")).contains("not valid CSV"), "broken quoting");
    }

    @Test
    void aLanguageModelRowHasNoExactMatchAndIsLeftOutOfExactMatchStatistics() throws IOException {
        SummaryTable table = SummaryTable.read(write(HEADER + GOOD
                + "c2,lm,decoder,rope,pre,layer_norm,mlp,1,64,128,ok,,0.41,1.9,6.685894\n"));
        assertTrue(Double.isNaN(table.rows().get(1).exactMatch()));
        assertEquals(6.685894, table.rows().get(1).perplexity(), 0.0);
        var stats = io.github.swapformer.reports.stats.StudyStatistics.compute(table, Metric.EXACT_MATCH, null);
        assertEquals(List.of("copy"), stats.tasks().stream().map(t -> t.task()).toList());
        var byToken = io.github.swapformer.reports.stats.StudyStatistics.compute(table, Metric.TOKEN_ACCURACY, null);
        assertEquals(List.of("copy", "lm"), byToken.tasks().stream().map(t -> t.task()).toList());
    }

    @Test
    void metricsOfRowsThatAreNotOkAreIgnored() throws IOException {
        SummaryTable table = SummaryTable.read(write(HEADER + GOOD
                + "c1,copy,decoder,rope,pre,layer_norm,mlp,1,16,64,not_applicable,,,,\n"));
        assertTrue(Double.isNaN(table.rows().get(1).exactMatch()));
        assertEquals(Status.NOT_APPLICABLE, table.rows().get(1).status());
    }
}
