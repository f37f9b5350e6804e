package io.github.swapformer.experiments.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The study specs that ship with Swapformer (resources {@code study/presets/<name>.yaml}) and the
 * rule that turns a command-line argument into spec text: an existing file, else a preset name.
 */
public final class Presets {
    /** The presets, in the order help lists them. */
    public static final List<String> NAMES = List.of("quick", "positional", "ffn", "norm", "architectures");

    private Presets() {
    }

    /** A loaded spec: its text and where it came from (for messages). */
    public record Source(String text, String name) {
    }

    public static Source load(String fileOrPreset) {
        Path file = Path.of(fileOrPreset);
        if (Files.isRegularFile(file)) {
            try {
                return new Source(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new SpecException("cannot read spec file " + file + ": " + e.getMessage());
            }
        }
        try (InputStream in = Presets.class.getResourceAsStream("presets/" + fileOrPreset + ".yaml")) {
            if (in == null || !fileOrPreset.matches("[a-z0-9_-]+")) {
                throw new SpecException("'" + fileOrPreset + "' is neither a spec file nor a preset; presets: "
                        + String.join(", ", NAMES));
            }
            return new Source(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + fileOrPreset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StudySpec parse(Source source) {
        return SpecReader.parse(source.text(), source.name());
    }
}
