package io.github.swapformer.experiments.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.swapformer.arch.block.NormKind;
import io.github.swapformer.arch.block.NormPlacement;
import io.github.swapformer.arch.ffn.FfnKind;
import io.github.swapformer.experiments.task.Objective;
import io.github.swapformer.experiments.task.Task;
import io.github.swapformer.experiments.task.TaskKind;
import io.github.swapformer.experiments.text.CorpusSource;
import io.github.swapformer.experiments.text.CorpusSpec;
import io.github.swapformer.experiments.text.TokenizerKind;
import io.github.swapformer.experiments.train.TrainConfig;
import io.github.swapformer.positional.PositionalKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a study spec from YAML (JSON is YAML too). Unknown keys are errors (a typo must not
 * silently fall back to a default), and every error is a {@link SpecException} naming the key,
 * the value and what is allowed. The format is documented in the presets under
 * {@code resources/io/github/swapformer/experiments/study/presets}.
 */
public final class SpecReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("name", "description", "axes", "extra", "model", "train",
            "train_length", "train_lengths", "train_steps", "eval", "corpus");
    private static final Set<String> AXES = Set.of("positional", "norm_placement", "norm_kind", "ffn", "architecture",
            "task", "seeds");
    private static final Set<String> MODEL = Set.of("d_model", "n_layers", "n_heads", "ffn_hidden", "dropout");
    private static final Set<String> TRAIN = Set.of("steps", "batch_size", "accumulation", "lr", "warmup_steps",
            "min_lr_ratio", "weight_decay", "clip_norm", "eval_every", "checkpoint_every", "min_length");
    private static final Set<String> EVAL = Set.of("multipliers", "examples", "batch_size");
    private static final Set<String> CORPUS = Set.of("file", "tokenizer", "vocab_size");

    private SpecReader() {
    }

    /** Parses and validates a spec; {@code source} names it in messages. */
    public static StudySpec parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(source + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new SpecException(source + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(source + " must be a YAML mapping with at least 'name' and 'axes'");
        }
        try {
            return read(root);
        } catch (SpecException e) {
            throw new SpecException(source + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SpecException(source + ": " + e.getMessage(), e);
        }
    }

    private static StudySpec read(JsonNode root) {
        keys(root, TOP, "");
        Axes base = axes(root.path("axes"), null, "axes");
        List<Axes> extra = new ArrayList<>();
        JsonNode ex = root.path("extra");
        if (!ex.isMissingNode()) {
            if (!ex.isArray()) {
                throw new SpecException("extra must be a list of axis grids");
            }
            for (int i = 0; i < ex.size(); i++) {
                extra.add(axes(ex.get(i), base, "extra[" + i + "]"));
            }
        }
        JsonNode m = root.path("model");
        keys(m, MODEL, "model.");
        ModelSize model = new ModelSize(integer(m, "d_model", 64, "model."), integer(m, "n_layers", 2, "model."),
                integer(m, "n_heads", 4, "model."), integer(m, "ffn_hidden", 0, "model."), number(m, "dropout", 0, "model."));
        int trainLength = integer(root, "train_length", 8, "");
        Map<Task, Integer> lengths = perTask(root, "train_lengths", 1);
        Map<Task, Integer> taskSteps = perTask(root, "train_steps", 0);
        if (trainLength < 1) {
            throw new SpecException("train_length " + trainLength + " must be at least 1");
        }
        JsonNode t = root.path("train");
        keys(t, TRAIN, "train.");
        int steps = integer(t, "steps", 1000, "train.");
        if (steps < 0) {
            throw new SpecException("train.steps " + steps + " is negative; the budget must be >= 0 steps");
        }
        TrainConfig train = new TrainConfig(steps, integer(t, "batch_size", 32, "train."),
                integer(t, "accumulation", 1, "train."), number(t, "lr", 3e-3, "train."),
                integer(t, "warmup_steps", 100, "train."), number(t, "min_lr_ratio", 0.1, "train."),
                number(t, "weight_decay", 0, "train."), number(t, "clip_norm", 1, "train."),
                integer(t, "eval_every", 0, "train."), integer(t, "checkpoint_every", 0, "train."),
                integer(t, "min_length", 1, "train."), trainLength);
        JsonNode e = root.path("eval");
        keys(e, EVAL, "eval.");
        List<Double> multipliers = e.has("multipliers") ? doubles(e.get("multipliers")) : List.of(1.0, 1.5, 2.0, 3.0, 4.0);
        EvalSpec eval = new EvalSpec(multipliers, integer(e, "examples", 128, "eval."), integer(e, "batch_size", 64, "eval."));
        CorpusSource corpus = corpus(root.path("corpus"), base, extra);
        return new StudySpec(root.path("name").asText(null), base, extra, model, train, lengths, taskSteps, eval, corpus);
    }

    /**
     * The {@code corpus:} mapping ({@code file}, relative to the working directory; {@code tokenizer}: byte, char
     * or bpe; {@code vocab_size} for bpe), opened now so that a missing file fails before any training; required
     * when a grid pairs the {@code lm} task with the decoder (other pairings are refused by the cell check, with
     * the more basic reason).
     */
    private static CorpusSource corpus(JsonNode n, Axes base, List<Axes> extra) {
        boolean lm = Stream.concat(Stream.of(base), extra.stream()).anyMatch(a -> a.task().contains(Objective.LANGUAGE_MODEL)
                && a.architecture().contains(StudyArchitecture.DECODER));
        if (n.isMissingNode() || n.isNull()) {
            if (lm) {
                throw new SpecException("task lm needs a corpus: add 'corpus: {file: PATH, tokenizer: byte|char|bpe}'"
                        + " with corpus.file naming a UTF-8 text file");
            }
            return null;
        }
        keys(n, CORPUS, "corpus.");
        if (!n.path("file").isTextual() || n.path("file").asText().isBlank()) {
            throw new SpecException("corpus.file is required: the path of a UTF-8 text file");
        }
        TokenizerKind tokenizer;
        try {
            tokenizer = TokenizerKind.fromId(n.path("tokenizer").asText("byte"));
        } catch (IllegalArgumentException e) {
            throw new SpecException("corpus.tokenizer: " + e.getMessage());
        }
        CorpusSpec spec = new CorpusSpec(Path.of(n.path("file").asText()).toAbsolutePath(), tokenizer,
                integer(n, "vocab_size", 0, "corpus."));
        return CorpusSource.open(spec);
    }

    /** A mapping task → integer of at least {@code min} ({@code train_lengths}, {@code train_steps}). */
    private static Map<Task, Integer> perTask(JsonNode root, String key, int min) {
        Map<Task, Integer> out = new LinkedHashMap<>();
        JsonNode node = root.path(key);
        if (!node.isMissingNode() && !node.isObject()) {
            throw new SpecException(key + " must be a mapping of task to integer, e.g. {copy: 5}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String task = it.next();
            int v = integer(node, task, 0, key + ".");
            if (v < min) {
                throw new SpecException(key + "." + task + " " + v + (min == 0
                        ? " is negative; the budget must be >= 0 steps" : " must be at least " + min));
            }
            out.put(task(task, key), v);
        }
        return out;
    }

    /** A grid: each axis from the node, else from {@code fallback} (the main grid), else the default. */
    private static Axes axes(JsonNode n, Axes fallback, String where) {
        if (!n.isObject()) {
            throw new SpecException(where + " must be a mapping of axis name to a list of values; axes are " + sorted(AXES));
        }
        keys(n, AXES, where + ".");
        return new Axes(
                axis(n, "positional", PositionalKind::valueOf, PositionalKind.values(), fallback == null ? List.of(PositionalKind.ROPE) : fallback.positional(), where, "positional encoding"),
                axis(n, "norm_placement", NormPlacement::valueOf, NormPlacement.values(), fallback == null ? List.of(NormPlacement.PRE) : fallback.normPlacement(), where, "norm placement"),
                axis(n, "norm_kind", NormKind::valueOf, NormKind.values(), fallback == null ? List.of(NormKind.LAYER_NORM) : fallback.normKind(), where, "norm kind"),
                axis(n, "ffn", FfnKind::valueOf, FfnKind.values(), fallback == null ? List.of(FfnKind.MLP_GELU) : fallback.ffn(), where, "ffn kind"),
                axis(n, "architecture", StudyArchitecture::fromId, StudyArchitecture.values(), fallback == null ? List.of(StudyArchitecture.DECODER) : fallback.architecture(), where, "architecture"),
                tasks(n, fallback == null ? List.of(TaskKind.COPY) : fallback.task(), where),
                seeds(n, fallback == null ? List.of(1L) : fallback.seeds(), where));
    }

    private static <E extends Enum<E>> List<E> axis(JsonNode n, String key, Function<String, E> parse, E[] known,
                                                    List<E> fallback, String where, String what) {
        if (!n.has(key)) {
            return fallback;
        }
        List<E> out = new ArrayList<>();
        for (JsonNode v : list(n.get(key), where + "." + key)) {
            E e = named(v.asText(), s -> parse.apply(s.trim().toUpperCase(Locale.ROOT)), where + "." + key, what, known);
            if (out.contains(e)) {
                throw new SpecException(where + "." + key + " names " + v.asText() + " twice");
            }
            out.add(e);
        }
        return out;
    }

    private static List<Task> tasks(JsonNode n, List<Task> fallback, String where) {
        if (!n.has("task")) {
            return fallback;
        }
        List<Task> out = new ArrayList<>();
        for (JsonNode v : list(n.get("task"), where + ".task")) {
            Task t = task(v.asText(), where + ".task");
            if (out.contains(t)) {
                throw new SpecException(where + ".task names " + v.asText() + " twice");
            }
            out.add(t);
        }
        return out;
    }

    private static Task task(String id, String where) {
        try {
            return Task.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new SpecException("unknown task '" + id + "' in " + where + "; known: "
                    + Task.all().stream().map(Task::id).collect(Collectors.joining(", ")));
        }
    }

    private static List<Long> seeds(JsonNode n, List<Long> fallback, String where) {
        if (!n.has("seeds")) {
            return fallback;
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode v : list(n.get("seeds"), where + ".seeds")) {
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw new SpecException(where + ".seeds: '" + v.asText() + "' is not an integer seed");
            }
            if (out.contains(v.asLong())) {
                throw new SpecException(where + ".seeds names " + v.asLong() + " twice");
            }
            out.add(v.asLong());
        }
        return out;
    }

    private static List<JsonNode> list(JsonNode v, String where) {
        List<JsonNode> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(out::add);
        } else if (v.isValueNode()) {
            out.add(v);
        }
        if (out.isEmpty()) {
            throw new SpecException(where + " must list at least one value");
        }
        return out;
    }

    private static <E extends Enum<E>> E named(String value, Function<String, E> parse, String where, String what, E[] known) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            String names = Arrays.stream(known).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            throw new SpecException("unknown " + what + " '" + value + "' in " + where + "; known: " + names);
        }
    }

    private static void keys(JsonNode n, Set<String> allowed, String prefix) {
        if (n.isMissingNode() || n.isNull()) {
            return;
        }
        if (!n.isObject()) {
            throw new SpecException((prefix.isEmpty() ? "the spec" : prefix.substring(0, prefix.length() - 1)) + " must be a mapping");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new SpecException("unknown key '" + prefix + k + "'; allowed here: " + sorted(allowed));
            }
        }
    }

    private static int integer(JsonNode n, String key, int fallback, String prefix) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new SpecException(prefix + key + " '" + v.asText() + "' must be an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String key, double fallback, String prefix) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new SpecException(prefix + key + " '" + v.asText() + "' must be a number");
        }
        return v.asDouble();
    }

    private static List<Double> doubles(JsonNode v) {
        List<Double> out = new ArrayList<>();
        for (JsonNode x : list(v, "eval.multipliers")) {
            if (!x.isNumber()) {
                throw new SpecException("eval.multipliers: '" + x.asText() + "' must be a number");
            }
            out.add(x.asDouble());
        }
        return out;
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", "));
    }
}
