package io.github.swapformer.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.swapformer.experiments.text.Corpus.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir
    Path dir;

    @Test
    void splitsByPositionNinetyFiveFive() throws IOException {
        Path file = dir.resolve("digits.txt");
        Files.writeString(file, "0123456789".repeat(100));
        Corpus c = Corpus.load(new CorpusSpec(file, TokenizerKind.BYTE, 0));
        assertEquals(900, c.tokens(Split.TRAIN).length);
        assertEquals(50, c.tokens(Split.VALIDATION).length);
        assertEquals(50, c.tokens(Split.TEST).length);
        assertArrayEquals(new ByteTokenizer().encode("0123456789"), java.util.Arrays.copyOf(c.tokens(Split.TEST), 10));
    }

    @Test
    void splitNeverCutsACodePoint() {
        String[] parts = Corpus.split("🙂".repeat(20));
        assertEquals("🙂".repeat(18), parts[0]);
        assertEquals("🙂", parts[1]);
        assertEquals("🙂", parts[2]);
    }

    @Test
    void charAndBpeVocabulariesComeFromTheTrainPartOnly() throws IOException {
        Path file = dir.resolve("c.txt");
        Files.writeString(file, "ab".repeat(450) + "zzzzzzzzzz".repeat(10));
        Corpus c = Corpus.load(new CorpusSpec(file, TokenizerKind.CHAR, 0));
        CharTokenizer t = (CharTokenizer) c.tokenizer();
        assertEquals(java.util.List.of((int) 'a', (int) 'b'), t.codePoints());
        assertEquals(t.unknownId(), c.tokens(Split.TEST)[0]);
    }

    @Test
    void sameTextSameHashOtherTextOtherHash() throws IOException {
        Path a = GeneratedCorpus.write(dir, 1, 2000);
        String h1 = CorpusSource.open(new CorpusSpec(a, TokenizerKind.BPE, 300)).identity();
        assertEquals(h1, CorpusSource.open(new CorpusSpec(a, TokenizerKind.BPE, 300)).identity());
        assertNotEquals(h1, CorpusSource.open(new CorpusSpec(a, TokenizerKind.BPE, 301)).identity());
        assertNotEquals(h1, CorpusSource.open(new CorpusSpec(a, TokenizerKind.BYTE, 0)).identity());
        Files.writeString(a, "x", java.nio.file.StandardOpenOption.APPEND);
        assertNotEquals(h1, CorpusSource.open(new CorpusSpec(a, TokenizerKind.BPE, 300)).identity());
    }

    @Test
    void clearErrors() throws IOException {
        assertMessage(dir.resolve("missing.txt"), "missing.txt does not exist");
        assertMessage(dir, "is not a regular file");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertMessage(empty, "empty.txt is empty");
        Path latin = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'x'});
        assertMessage(latin, "is not UTF-8 text");
        Path small = Files.writeString(dir.resolve("small.txt"), "x".repeat(200));
        Corpus c = Corpus.load(new CorpusSpec(small, TokenizerKind.BYTE, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.requireWindow(Split.TEST, 64));
        assertTrue(e.getMessage().contains("small.txt is too short: its test split (last 5 %) has 10 byte tokens, a "
                + "window of 64 needs 65"), e.getMessage());
    }

    @Test
    void specRefusesVocabSizeWhereItDoesNotApply() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CorpusSpec(dir, TokenizerKind.CHAR, 300));
        assertTrue(e.getMessage().contains("corpus.vocab_size 300 applies to the bpe tokenizer only"), e.getMessage());
        assertEquals(CorpusSpec.DEFAULT_BPE_VOCAB, new CorpusSpec(dir, TokenizerKind.BPE, 0).vocabSize());
    }

    private static void assertMessage(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpus.load(new CorpusSpec(file, TokenizerKind.BYTE, 0)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
