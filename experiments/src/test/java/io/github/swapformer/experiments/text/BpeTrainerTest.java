package io.github.swapformer.experiments.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {
    @Test
    void wikipediaExampleMergesAsByHand() {
        // en.wikipedia.org/wiki/Byte_pair_encoding: "aaabdaaabac": aa -> Z, ab -> Y, ZY -> X gives "XdXac".
        // Step 2 is a tie (Za and ab both occur twice); the smallest pair (97,98) wins, as on the page.
        BpeTokenizer t = BpeTrainer.train("aaabdaaabac", 257 + 3);
        List<int[]> m = t.merges();
        assertEquals(3, m.size());
        assertArrayEquals(new int[] {'a', 'a'}, m.get(0));
        assertArrayEquals(new int[] {'a', 'b'}, m.get(1));
        assertArrayEquals(new int[] {256, 257}, m.get(2));
        assertArrayEquals(new int[] {258, 'd', 258, 'a', 'c'}, t.encode("aaabdaaabac"));
        assertEquals("aaabdaaabac", t.decode(t.encode("aaabdaaabac")));
    }

    @Test
    void stopsWhenNoPairRepeats() {
        BpeTokenizer t = BpeTrainer.train("aaabdaaabac", 1000);
        assertEquals(3, t.merges().size(), "after XdXac no pair occurs twice");
        assertEquals(260, t.vocabSize());
    }

    @Test
    void roundTripsTextExactly() {
        String text = GeneratedCorpus.text(7, 20_000);
        BpeTokenizer t = BpeTrainer.train(text, 320);
        assertEquals(320, t.vocabSize());
        int[] ids = t.encode(text);
        assertEquals(text, t.decode(ids));
        assertTrue(ids.length < text.length() / 2, "merges compress the grammar's words: " + ids.length);
        String unseen = "Ünïcödé 🙂 zebra\r\n  12345 don't ";
        assertEquals(unseen, t.decode(t.encode(unseen)));
    }

    @Test
    void mergesNeverCrossPreTokens() {
        BpeTokenizer t = BpeTrainer.train("ab ab ab ab", 300);
        for (int[] m : t.merges()) {
            String s = t.decode(new int[] {256 + t.merges().indexOf(m)});
            assertTrue(s.indexOf(' ') <= 0, "merge '" + s + "' spans a word boundary");
        }
    }

    @Test
    void isDeterministic() {
        String text = GeneratedCorpus.text(11, 5000);
        List<int[]> a = BpeTrainer.train(text, 320).merges();
        List<int[]> b = BpeTrainer.train(text, 320).merges();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
    }

    @Test
    void preTokensCoverEveryCharacter() {
        String text = "Hello,  world!\n\n it's 42 \u00A0x🙂";
        assertEquals(text, String.join("", BpeTokenizer.preTokens(text)));
    }

    @Test
    void refusesAVocabularySmallerThanTheBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train("ab", 100));
        assertTrue(e.getMessage().contains("vocab_size 100 must be at least 257"), e.getMessage());
    }
}
