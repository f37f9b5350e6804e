package io.github.swapformer.experiments.text;

/**
 * A study's corpus: its spec and content hash, read when the spec is parsed (so a missing file fails
 * before any training), and the tokenized {@link Corpus}, loaded once on first use and shared by every
 * cell of the study (BPE training is the slow part).
 */
public final class CorpusSource {
    private final CorpusSpec spec;
    private final String sha256;
    private Corpus corpus;

    private CorpusSource(CorpusSpec spec, String sha256) {
        this.spec = spec;
        this.sha256 = sha256;
    }

    /** Reads the file once to hash it; a missing, unreadable or empty file is an IllegalArgumentException. */
    public static CorpusSource open(CorpusSpec spec) {
        return new CorpusSource(spec, Corpus.sha256(Corpus.read(spec.file())));
    }

    public CorpusSpec spec() {
        return spec;
    }

    /** The content hash and tokenizer settings: a changed corpus or tokenizer gives new cell ids; a moved file does not. */
    public String identity() {
        return "sha256:" + sha256 + "/" + spec.tokenizerSettings();
    }

    /** The tokenized corpus, loaded on first call; refuses a file whose content changed since it was opened. */
    public synchronized Corpus corpus() {
        if (corpus == null) {
            Corpus loaded = Corpus.load(spec);
            if (!loaded.sha256().equals(sha256)) {
                throw new IllegalArgumentException("corpus file " + spec.file() + " changed while the study ran");
            }
            corpus = loaded;
        }
        return corpus;
    }

    @Override
    public String toString() {
        return spec.file() + " (" + identity() + ")";
    }
}
