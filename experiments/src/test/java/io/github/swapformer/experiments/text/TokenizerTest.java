package io.github.swapformer.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static final String MIXED = "Grüße, 世界! e = mc² 🙂\n\ttab";

    @Test
    void bytesAreUtf8AndRoundTrip() {
        ByteTokenizer t = new ByteTokenizer();
        assertArrayEquals(new int[] {0x61, 0xC3, 0xBC}, t.encode("aü"));
        assertEquals(MIXED, t.decode(t.encode(MIXED)));
        assertEquals(257, t.vocabSize());
        assertEquals(256, t.endOfTextId());
        assertEquals("a" + Tokenizer.END_OF_TEXT + "b", t.decode(new int[] {97, 256, 98}));
    }

    @Test
    void byteDecodeRefusesIdsOutsideTheVocabulary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ByteTokenizer().decode(new int[] {1, 257}));
        assertTrue(e.getMessage().contains("token id 257 at index 1"), e.getMessage());
    }

    @Test
    void charIdsAreSortedCodePointsThenUnknownThenEndOfText() {
        CharTokenizer t = CharTokenizer.of("baab🙂");
        // code points sorted: 'a' (97), 'b' (98), U+1F642
        assertArrayEquals(new int[] {1, 0, 2}, t.encode("ba🙂"));
        assertEquals(3, t.unknownId());
        assertEquals(5, t.vocabSize());
        assertArrayEquals(new int[] {0, 3, 1}, t.encode("azb"));
        assertEquals("a" + CharTokenizer.UNKNOWN + "b", t.decode(t.encode("azb")));
        assertEquals(MIXED, CharTokenizer.of(MIXED).decode(CharTokenizer.of(MIXED).encode(MIXED)));
    }

    @Test
    void charVocabularyIsStableAcrossTextOrder() {
        assertEquals(CharTokenizer.of("abc").codePoints(), CharTokenizer.of("cba").codePoints());
    }

    @Test
    void tokenizerFilesRoundTrip() {
        String text = GeneratedCorpus.text(3, 3000) + MIXED;
        for (Tokenizer t : new Tokenizer[] {new ByteTokenizer(), CharTokenizer.of(text), BpeTrainer.train(text, 300)}) {
            Tokenizer back = TokenizerFile.parse(readTree(TokenizerFile.toJson(t)), "test");
            assertEquals(t.kind(), back.kind());
            assertEquals(t.vocabSize(), back.vocabSize());
            assertArrayEquals(t.encode(text), back.encode(text));
        }
    }

    @Test
    void tokenizerFileErrorsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenizerFile.parse(readTree("{\"kind\":\"wordpiece\"}"), "m/tokenizer.json"));
        assertTrue(e.getMessage().contains("m/tokenizer.json") && e.getMessage().contains("unknown tokenizer 'wordpiece'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TokenizerFile.parse(readTree("{\"kind\":\"bpe\",\"merges\":[[97,300]]}"), "x"));
        assertTrue(e.getMessage().contains("must be a pair of ids below 256"), e.getMessage());
    }

    @Test
    void kindsAreNamedCaseInsensitively() {
        assertEquals(TokenizerKind.BPE, TokenizerKind.fromId(" BPE "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenizerKind.fromId("word"));
        assertTrue(e.getMessage().contains("known: byte, char, bpe"), e.getMessage());
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
