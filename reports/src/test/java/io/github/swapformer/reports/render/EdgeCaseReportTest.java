package io.github.swapformer.reports.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.reports.Reports;
import io.github.swapformer.reports.table.SummaryTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Awkward but legal studies still render: a variant that always diverged, one evaluation length only. */
class EdgeCaseReportTest {
    @TempDir
    Path dir;

    @Test
    void aVariantThatAlwaysDivergedAndASingleLength() throws Exception {
        StringBuilder csv = new StringBuilder(String.join(",", SummaryTable.COLUMNS)).append('\n');
        for (int seed = 1; seed <= 2; seed++) {
            csv.append("a").append(seed).append(",copy,decoder,rope,pre,rms_norm,mlp,").append(seed)
                    .append(",8,8,ok,0.").append(5 + seed).append(",0.9,1,2.7\n");
            csv.append("b").append(seed).append(",copy,decoder,alibi,pre,rms_norm,mlp,").append(seed)
                    .append(",8,8,diverged,,,,\n");
        }
        Path study = Files.createDirectories(dir.resolve("edge"));
        Files.writeString(study.resolve("summary.csv"), csv);
        Files.createDirectories(study.resolve("curves"));
        Files.writeString(study.resolve("curves/b1.csv"), "step,train_loss,lr\n0,2.0,0.1\n10,NaN,0.1\n");
        Path report = Reports.render(study);
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("alibi diverged in 2 of 2 seeds on copy"), md);
        assertTrue(md.contains("no length exceeds the training length 8"), md);
        assertTrue(md.contains("No study.yaml was found"), md);
        assertTrue(md.contains("The study wrote no environment.json"), md);
    }
}
