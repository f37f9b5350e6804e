package io.github.swapformer.reports.table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code pictures/moe_usage.csv} ({@code cell_id,layer,expert,fraction}): the fraction of
 * routed tokens that expert received in that layer.
 */
public record MoeUsage(String cellId, int layer, int expert, double fraction) {

    public static List<MoeUsage> read(Path file) {
        List<MoeUsage> rows = new ArrayList<>();
        for (CsvTable.Row row : CsvTable.read(file, List.of("cell_id", "layer", "expert", "fraction")).rows()) {
            double fraction = row.requiredNumber("fraction");
            if (!(fraction >= 0 && fraction <= 1)) {
                throw row.error("fraction", fraction + " is outside [0, 1]");
            }
            rows.add(new MoeUsage(row.requiredText("cell_id"), row.requiredInt("layer"), row.requiredInt("expert"),
                    fraction));
        }
        return rows;
    }
}
