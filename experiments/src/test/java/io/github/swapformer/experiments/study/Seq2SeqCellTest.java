package io.github.swapformer.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.arch.model.EncoderDecoderModel;
import io.github.swapformer.arch.model.TransformerConfig;
import io.github.swapformer.experiments.workload.Seq2SeqWorkload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoder-decoder cells: their ids, their workload, the pairs refused, and a study that mixes them with decoders. */
class Seq2SeqCellTest {
    static final String MIXED = """
            name: mixed
            axes:
              positional: [rope, learned_absolute]
              architecture: [decoder, encoder_decoder]
              task: [copy]
              seeds: [1]
            model: {d_model: 16, n_layers: 1, n_heads: 2}
            train_length: 3
            train: {steps: 10, batch_size: 8, warmup_steps: 2}
            eval: {multipliers: [1, 2], examples: 8, batch_size: 8}
            """;

    @Test
    void aDecoderAndAnEncoderDecoderCellOfTheSameTaskEncodingAndSeedHaveDifferentIds() {
        List<Cell> cells = SpecReader.parse(MIXED, "t").cells();
        assertEquals(4, cells.size());
        Cell decoder = cells.get(0);
        Cell encoderDecoder = cells.get(2);
        assertEquals(StudyArchitecture.DECODER, decoder.architecture());
        assertEquals(StudyArchitecture.ENCODER_DECODER, encoderDecoder.architecture());
        assertEquals(decoder.positional(), encoderDecoder.positional());
        assertNotEquals(decoder.id(), encoderDecoder.id());
        assertTrue(decoder.id().matches("copy-rope-pre-ln-mlp_gelu-s1-[0-9a-f]{8}"),
                "decoder slugs are unchanged: " + decoder.id());
        assertTrue(encoderDecoder.id().matches("copy-encoder_decoder-rope-pre-ln-mlp_gelu-s1-[0-9a-f]{8}"), encoderDecoder.id());
        assertNotEquals(decoder.id().substring(decoder.id().length() - 8),
                encoderDecoder.id().substring(encoderDecoder.id().length() - 8), "the architecture is in the hash too");
    }

    @Test
    void anEncoderDecoderCellBuildsBothStacksWithPositionsForSourceAndTarget() {
        String yaml = MIXED.replace("[decoder, encoder_decoder]", "[encoder_decoder]").replace("task: [copy]",
                "task: [addition]").replace("n_layers: 1", "n_layers: 2");
        Cell cell = StudyRunner.validate(SpecReader.parse(yaml, "t")).get(0);
        Seq2SeqWorkload work = assertInstanceOf(Seq2SeqWorkload.class, cell.workload());
        TransformerConfig config = work.model().config();
        assertEquals(2, config.nLayers());
        assertEquals(2, config.nDecoderLayers());
        assertEquals(7, config.maxPositions(), "addition of 3 digits: a source of 7 tokens, a target of 4");
        assertInstanceOf(EncoderDecoderModel.class, work.model());
    }

    @Test
    void textObjectivesAreRefusedForTheEncoderDecoderBeforeAnyWork() {
        String yaml = MIXED.replace("[decoder, encoder_decoder]", "[encoder_decoder]")
                .replace("task: [copy]", "task: [copy, lm]");
        String m = assertThrows(SpecException.class,
                () -> StudyRunner.validate(SpecReader.parse(yaml, "spec.yaml"))).getMessage();
        assertTrue(m.contains("architecture encoder_decoder cannot learn task lm: "), m);
        assertEquals(1, m.lines().count(), m);
    }

    /** A study that runs both architectures on one task: the summary carries both, and the report groups by architecture. */
    @Test
    void aStudyMixingArchitecturesSummarizesAndReportsBoth(@TempDir Path results) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = new StudyRunner(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run(SpecReader.parse(MIXED, "t"), MIXED, new StudyRunner.Options(results, 2, Shard.ALL, false, true, false));
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        Path study = results.resolve("mixed");
        List<String[]> rows = Files.readAllLines(study.resolve("summary.csv")).stream().skip(1)
                .map(r -> r.split(",", -1)).toList();
        assertEquals(8, rows.size());
        assertEquals(Set.of("decoder", "encoder_decoder"), rows.stream().map(r -> r[2]).collect(Collectors.toSet()));
        for (String[] r : rows) {
            boolean beyondTable = r[3].equals("learned_absolute") && r[9].equals("6");
            assertEquals(beyondTable ? "not_applicable" : "ok", r[10], String.join(",", r));
        }
        assertTrue(out.contains("report: "), out);
        Path charts = study.resolve("report").resolve("charts");
        assertTrue(Files.exists(charts.resolve("length-copy-architecture-decoder.png")), list(charts));
        assertTrue(Files.exists(charts.resolve("length-copy-architecture-encoder-decoder.png")), list(charts));
        String report = Files.readString(study.resolve("report").resolve("report.md"));
        for (String variant : List.of("rope · decoder", "learned\\_absolute · decoder", "rope · encoder\\_decoder",
                "learned\\_absolute · encoder\\_decoder")) { // Markdown escapes '_'
            assertTrue(report.contains("\n| " + variant + " | "), variant + " in\n" + report);
        }
    }

    private static String list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        }
    }
}
