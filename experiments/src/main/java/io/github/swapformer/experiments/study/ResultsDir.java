package io.github.swapformer.experiments.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The results folder of one study ({@code results/<study>/}, the layout of reports/README.md):
 * {@code study.yaml}, {@code cells/<id>.json}, {@code curves/<id>.csv}, {@code checkpoints/},
 * {@code summary.csv}. Every file is written atomically (a temporary file in the same folder, then
 * an atomic move), so a reader or a killed writer never leaves a partial file behind.
 */
public final class ResultsDir {
    private final Path root;

    public ResultsDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path cellFile(String id) {
        return root.resolve("cells").resolve(id + ".json");
    }

    public Path curveFile(String id) {
        return root.resolve("curves").resolve(id + ".csv");
    }

    public Path checkpointFile(String id) {
        return root.resolve("checkpoints").resolve(id + ".safetensors");
    }

    public Path summaryFile() {
        return root.resolve("summary.csv");
    }

    /** Creates the folders and proves they are writable, or fails with one clear line. */
    public void prepare() {
        try {
            for (String sub : new String[] {"cells", "curves", "checkpoints"}) {
                Files.createDirectories(root.resolve(sub));
            }
            Path probe = root.resolve(".write-probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new SpecException("results directory " + root + " is not writable: " + e);
        }
    }

    /** Writes {@code text} to {@code file} through a temporary sibling and an atomic move. */
    public static void writeAtomic(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The move succeeded or the write failed and was reported; a stray temp file is harmless.
            }
        }
    }

    /**
     * Runs {@code body} holding an exclusive lock on {@code .summary.lock}, so that processes of
     * different shards finishing together write the summary one after another: the last one reads
     * every cell the others wrote.
     */
    public <T> T locked(Supplier<T> body) {
        try (FileChannel ch = FileChannel.open(root.resolve(".summary.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            return body.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + root.resolve(".summary.lock"), e);
        }
    }
}
