package io.github.swapformer.reports.table;

import java.nio.file.Path;
import java.util.List;

/**
 * One cell's training curve from {@code curves/<cell_id>.csv}: columns {@code step,train_loss,lr} and an
 * optional {@code eval_loss} that is empty (NaN here) at steps without evaluation.
 */
public record TrainingCurve(String cellId, int[] steps, double[] trainLoss, double[] lr, double[] evalLoss) {

    public static TrainingCurve read(String cellId, Path file) {
        CsvTable table = CsvTable.read(file, List.of("step", "train_loss", "lr"));
        int n = table.rows().size();
        int[] steps = new int[n];
        double[] train = new double[n];
        double[] lr = new double[n];
        double[] eval = new double[n];
        for (int i = 0; i < n; i++) {
            CsvTable.Row row = table.rows().get(i);
            steps[i] = row.requiredInt("step");
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw row.error("step", steps[i] + " does not increase after " + steps[i - 1]);
            }
            train[i] = row.optionalNumber("train_loss");
            lr[i] = row.optionalNumber("lr");
            eval[i] = row.optionalNumber("eval_loss");
        }
        return new TrainingCurve(cellId, steps, train, lr, eval);
    }
}
