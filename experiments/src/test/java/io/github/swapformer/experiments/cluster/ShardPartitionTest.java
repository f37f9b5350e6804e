package io.github.swapformer.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.swapformer.experiments.study.Cell;
import io.github.swapformer.experiments.study.Presets;
import io.github.swapformer.experiments.study.ResultsDir;
import io.github.swapformer.experiments.study.Shard;
import io.github.swapformer.experiments.study.SpecException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Two shards never write the same cell: over every preset's cells (with their extra slices) and
 * every shard count from 1 to past the number of cells, each cell belongs to exactly one shard,
 * and distinct cells have distinct result files.
 */
class ShardPartitionTest {
    static List<String> presets() {
        return Presets.NAMES;
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyCellBelongsToExactlyOneShardForEveryShardCount(String preset) {
        List<Cell> cells = Presets.parse(Presets.load(preset)).cells();
        assertEquals(IntStream.range(0, cells.size()).boxed().toList(), cells.stream().map(Cell::index).toList(),
                preset + ": cell indexes are 0..n-1 in order, each once");
        for (int n = 1; n <= cells.size() + 3; n++) {
            int[] owners = new int[cells.size()];
            int total = 0;
            for (int i = 0; i < n; i++) {
                List<Cell> mine = new Shard(i, n).select(cells);
                total += mine.size();
                for (Cell c : mine) {
                    owners[c.index()]++;
                }
                int expected = cells.size() / n + (i < cells.size() % n ? 1 : 0);
                assertEquals(expected, mine.size(), preset + ": shard " + i + "/" + n + " is balanced");
            }
            assertEquals(cells.size(), total, preset + ": shards of " + n + " cover the cells once");
            for (int k = 0; k < owners.length; k++) {
                assertEquals(1, owners[k], preset + ": cell " + k + " with " + n + " shards");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void distinctCellsWriteDistinctFiles(String preset) {
        List<Cell> cells = Presets.parse(Presets.load(preset)).cells();
        ResultsDir dir = new ResultsDir(Path.of("results", preset));
        Set<Path> files = new HashSet<>();
        for (Cell c : cells) {
            files.add(dir.cellFile(c.id()));
            files.add(dir.checkpointFile(c.id()));
            files.add(dir.curveFile(c.id()));
        }
        assertEquals(3 * cells.size(), files.size(), preset + ": one result, checkpoint and curve file per cell");
    }

    /** The scripts pass the shard explicitly; the environment route must agree with it for a full array. */
    @Test
    void aSlurmArrayTaskGetsTheShardOfItsIndex() {
        assertEquals(new Shard(2, 4), Shard.resolve(null, Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(new Shard(2, 4), Shard.resolve("2/4", Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "1")),
                "--shard wins over a resubmitted subset's task count");
        assertThrows(SpecException.class, () -> Shard.parse("4/4"));
    }
}
