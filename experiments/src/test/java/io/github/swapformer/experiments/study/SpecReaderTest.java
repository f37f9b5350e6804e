package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.positional.PositionalKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecReaderTest {
    static final String TINY = """
            name: tiny
            axes:
              positional: [rope, alibi]
              task: [copy]
              seeds: [1, 2]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 20, batch_size: 8, warmup_steps: 5}
            eval: {multipliers: [1, 2], examples: 8, batch_size: 8}
            """;

    private static String message(String yaml) {
        return assertThrows(SpecException.class, () -> StudyRunner.validate(SpecReader.parse(yaml, "spec.yaml"))).getMessage();
    }

    @Test
    void resolvesTheCrossProductInSpecOrderWithStableIds() {
        List<Cell> cells = StudyRunner.validate(SpecReader.parse(TINY, "t"));
        assertEquals(4, cells.size());
        assertEquals(PositionalKind.ROPE, cells.get(0).positional());
        assertEquals(1, cells.get(0).seed());
        assertEquals(2, cells.get(1).seed());
        assertEquals(PositionalKind.ALIBI, cells.get(2).positional());
        assertTrue(cells.get(0).id().matches("copy-rope-pre-ln-mlp_gelu-s1-[0-9a-f]{8}"), cells.get(0).id());
        assertEquals(cells.get(0).id(), SpecReader.parse(TINY, "t").cells().get(0).id(), "ids are stable");
        String longer = TINY.replace("steps: 20", "steps: 21");
        assertNotEquals(cells.get(0).id(), SpecReader.parse(longer, "t").cells().get(0).id(), "the id follows the config");
        assertEquals(List.of(3, 6), List.of(cells.get(0).evalLengths()[0], cells.get(0).evalLengths()[1]));
    }

    @Test
    void extraGridsInheritTheMainAxesAndDuplicatesCollapse() {
        String yaml = TINY + """
                extra:
                  - positional: [rope]
                    norm_placement: [pre, post]
                """;
        List<Cell> cells = SpecReader.parse(yaml, "t").cells();
        assertEquals(6, cells.size(), "rope·pre is already in the main grid");
        assertEquals("post", Cell.id(cells.get(4).placement()));
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i, cells.get(i).index());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quick", "positional", "ffn", "norm", "architectures"})
    void everyPresetParsesAndValidates(String preset) {
        List<Cell> cells = StudyRunner.validate(Presets.parse(Presets.load(preset)));
        Set<String> ids = new HashSet<>();
        cells.forEach(c -> assertTrue(ids.add(c.id()), "duplicate id " + c.id()));
        assertEquals(preset, Presets.parse(Presets.load(preset)).name());
    }

    @Test
    void quickHasSixEncodingsTwoTasksTwoSeedsAndANormAndFfnSlice() {
        StudySpec quick = Presets.parse(Presets.load("quick"));
        assertTrue(quick.axes().positional().size() >= 6);
        assertEquals(2, quick.axes().task().size());
        assertEquals(2, quick.axes().seeds().size());
        List<Cell> cells = quick.cells();
        assertTrue(cells.stream().map(Cell::placement).distinct().count() >= 2);
        assertTrue(cells.stream().map(Cell::ffn).distinct().count() >= 2);
    }

    @Test
    void anUnknownEncodingIsNamedAndTheKnownOnesListed() {
        String m = message(TINY.replace("[rope, alibi]", "[rope, alibbi]"));
        assertEquals("spec.yaml: unknown positional encoding 'alibbi' in axes.positional; known: nope, sinusoidal, "
                + "learned_absolute, shaw_relative, t5_bias, rope, alibi, fire, xpos", m);
    }

    @Test
    void nonsenseCombinationsAreRefused() {
        assertTrue(message(TINY.replace("n_heads: 2", "n_heads: 3")).contains("d_model 16 is not divisible by n_heads 3"));
        String enc = message(TINY.replace("task: [copy]", "task: [copy]\n  architecture: [decoder, encoder]"));
        assertTrue(enc.contains("architecture encoder cannot learn task copy"), enc);
        String xpos = message(TINY.replace("[rope, alibi]", "[xpos]").replace("d_model: 16, n_layers: 1, n_heads: 2",
                "d_model: 15, n_layers: 1, n_heads: 5"));
        assertTrue(xpos.contains("makes no sense") && xpos.contains("XPOS"), xpos);
        assertTrue(message(TINY.replace("seeds: [1, 2]", "seeds: [1, 1]")).contains("names 1 twice"));
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertEquals("spec.yaml: train.steps -5 is negative; the budget must be >= 0 steps",
                message(TINY.replace("steps: 20", "steps: -5")));
        assertEquals("spec.yaml: train_steps.copy -1 is negative; the budget must be >= 0 steps",
                message(TINY + "train_steps: {copy: -1}\n"));
    }

    @Test
    void perTaskLengthsAndStepsOverrideTheDefaults() {
        String yaml = TINY.replace("task: [copy]", "task: [copy, sort]") + "train_lengths: {sort: 4}\ntrain_steps: {copy: 30}\n";
        List<Cell> cells = SpecReader.parse(yaml, "t").cells();
        Cell copy = cells.get(0);
        Cell sort = cells.get(cells.size() - 1);
        assertEquals(30, copy.train().steps());
        assertEquals(3, copy.train().trainLength());
        assertEquals(20, sort.train().steps());
        assertEquals(4, sort.train().trainLength());
        assertEquals(List.of(4, 8), List.of(sort.evalLengths()[0], sort.evalLengths()[1]));
        assertTrue(message(TINY + "train_steps: {copyy: 3}\n").contains("unknown task 'copyy' in train_steps"));
    }

    @Test
    void typosAndWrongTypesAreRefused() {
        assertTrue(message(TINY.replace("batch_size: 8, warmup", "batchsize: 8, warmup")).contains("unknown key 'train.batchsize'"));
        assertTrue(message(TINY.replace("steps: 20", "steps: many")).contains("train.steps 'many' must be an integer"));
        assertTrue(message("name: x\naxes: [1, 2]\n").contains("axes must be a mapping"));
        assertTrue(message("name: [\n").contains("is not valid YAML"));
        assertTrue(message(TINY.replace("name: tiny", "name: ../up")).contains("name '../up'"));
    }

    @Test
    void shardsComeFromTheOptionOrTheEnvironment() {
        assertEquals(new Shard(1, 4), Shard.resolve("1/4", Map.of()));
        assertEquals(new Shard(2, 3), Shard.resolve(null, Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1",
                "SLURM_ARRAY_TASK_COUNT", "3")));
        assertEquals(new Shard(0, 2), Shard.resolve(null, Map.of("JOB_COMPLETION_INDEX", "0", "JOB_COMPLETIONS", "2")));
        assertEquals(Shard.ALL, Shard.resolve(null, Map.of()));
        assertTrue(assertThrows(SpecException.class, () -> Shard.parse("4/4")).getMessage().contains("0 <= i < n"));
        assertTrue(assertThrows(SpecException.class, () -> Shard.parse("x")).getMessage().contains("must be i/n"));
    }
}
