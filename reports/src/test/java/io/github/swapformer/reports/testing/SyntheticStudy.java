package io.github.swapformer.reports.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a synthetic results directory that follows the reports contract: accuracies that decay beyond
 * the training length at a rate set per encoding, seeded noise, a learned encoding that is not applicable
 * past its table, one diverged cell, curves, throughput, JMH JSON and pictures.
 */
public final class SyntheticStudy {
    public static final List<String> ENCODINGS = List.of("nope", "rope", "alibi", "learned");
    private static final double[] DECAY = {0.10, 0.45, 0.25, 0.6};
    public static final int TRAIN_LENGTH = 16;
    public static final List<Integer> LENGTHS = List.of(8, 16, 24, 32, 48, 64);

    private final int seeds;
    private final List<String> ffns;
    private final boolean extras;

    private SyntheticStudy(int seeds, List<String> ffns, boolean extras) {
        this.seeds = seeds;
        this.ffns = ffns;
        this.extras = extras;
    }

    /** Four encodings, one FFN, {@code seeds} seeds, every optional file. */
    public static SyntheticStudy full(int seeds) {
        return new SyntheticStudy(seeds, List.of("mlp"), true);
    }

    /** Four encodings × the given FFNs, only the required files. */
    public static SyntheticStudy minimal(int seeds, List<String> ffns) {
        return new SyntheticStudy(seeds, ffns, false);
    }

    public Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("curves"));
            Files.writeString(dir.resolve("study.yaml"), "name: synthetic\ntasks: [copy, reverse]\npositional: "
                    + ENCODINGS + "\nffn: " + ffns + "\nseeds: " + seeds + "\n");
            Files.writeString(dir.resolve("summary.csv"), summary(), StandardCharsets.UTF_8);
            if (extras) {
                writeExtras(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String summary() throws IOException {
        StringBuilder csv = new StringBuilder("cell_id,task,architecture,positional,norm_placement,norm_kind,ffn,"
                + "seed,train_length,eval_length,status,exact_match,token_accuracy,loss,perplexity\n");
        String[] tasks = {"copy", "reverse"};
        for (int t = 0; t < tasks.length; t++) {
            for (String ffn : ffns) {
                for (int e = 0; e < ENCODINGS.size(); e++) {
                    for (int seed = 1; seed <= seeds; seed++) {
                        String cell = tasks[t] + "-" + ENCODINGS.get(e) + "-" + ffn + "-s" + seed;
                        Random random = new Random(1000L * t + 100L * e + seed + 7L * ffn.length());
                        boolean diverged = t == 1 && e == 3 && seed == 3;
                        for (int length : LENGTHS) {
                            csv.append(cell).append(',').append(tasks[t]).append(",decoder,").append(ENCODINGS.get(e))
                                    .append(",pre,layer_norm,").append(ffn).append(',').append(seed).append(',')
                                    .append(TRAIN_LENGTH).append(',').append(length).append(',');
                            if (diverged) {
                                csv.append("diverged,,,,\n");
                            } else if (e == 3 && length > 2 * TRAIN_LENGTH) {
                                csv.append("not_applicable,,,,\n");
                            } else {
                                double over = Math.max(0, length - TRAIN_LENGTH) / (double) TRAIN_LENGTH;
                                double acc = clamp(0.97 - 0.05 * t - DECAY[e] * over + 0.04 * random.nextGaussian());
                                double token = clamp(acc + 0.02);
                                double loss = 0.1 + 2 * (1 - acc);
                                csv.append(String.format(Locale.ROOT, "ok,%.4f,%.4f,%.4f,%.4f%n", acc, token, loss,
                                        Math.exp(loss)));
                            }
                        }
                    }
                }
            }
        }
        return csv.toString();
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private void writeExtras(Path dir) throws IOException {
        for (String task : List.of("copy", "reverse")) {
            for (int e = 0; e < ENCODINGS.size(); e++) {
                for (int seed = 1; seed <= seeds; seed++) {
                    Random random = new Random(31L * e + seed);
                    StringBuilder curve = new StringBuilder("step,train_loss,lr,eval_loss\n");
                    for (int step = 0; step <= 400; step += 10) {
                        double loss = 0.15 + (2.5 + 0.3 * e) * Math.exp(-step / (60.0 + 20 * e))
                                + 0.03 * random.nextGaussian();
                        String eval = step % 100 == 0 ? String.format(Locale.ROOT, "%.4f", loss + 0.05) : "";
                        curve.append(String.format(Locale.ROOT, "%d,%.4f,%.6f,%s%n", step, loss, 3e-4, eval));
                    }
                    Files.writeString(dir.resolve("curves").resolve(task + "-" + ENCODINGS.get(e) + "-mlp-s" + seed
                            + ".csv"), curve);
                }
            }
        }
        StringBuilder throughput = new StringBuilder(
                "positional,ffn,norm_placement,seq_len,mode,tokens_per_second,peak_bytes_per_token\n");
        String[][] combos = {{"mlp", "pre"}, {"mlp", "post"}, {"swiglu", "pre"}, {"swiglu", "post"}};
        for (String mode : List.of("forward", "forward_backward")) {
            for (int e = 0; e < ENCODINGS.size(); e++) {
                for (String[] combo : combos) {
                    for (int len = 64; len <= 2048; len *= 2) {
                        double tps = (mode.equals("forward") ? 3.0e5 : 1.0e5) / (1 + len / (800.0 - 60 * e))
                                * (combo[0].equals("swiglu") ? 0.85 : 1) * (combo[1].equals("post") ? 1.02 : 1);
                        throughput.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%.1f,%d%n", ENCODINGS.get(e),
                                combo[0], combo[1], len, mode, tps, 4096 + len * 8));
                    }
                }
            }
        }
        Files.writeString(dir.resolve("throughput.csv"), throughput);
        Files.createDirectories(dir.resolve("jmh"));
        List<String> results = new ArrayList<>();
        for (int e = 0; e < ENCODINGS.size(); e++) {
            results.add(String.format(Locale.ROOT, "{\"benchmark\":\"io.github.swapformer.experiments.bench."
                    + "AttentionBenchmark.forward\",\"mode\":\"thrpt\",\"params\":{\"kind\":\"%s\",\"t\":\"512\"},"
                    + "\"primaryMetric\":{\"score\":%.2f,\"scoreError\":%.2f,\"scoreUnit\":\"ops/s\"}}",
                    ENCODINGS.get(e), 900.0 - 120 * e, 25.0 + 5 * e));
        }
        Files.writeString(dir.resolve("jmh").resolve("attention.json"), "[" + String.join(",", results) + "]");
        writePictures(dir.resolve("pictures"));
        Files.writeString(dir.resolve("environment.json"), "{\"jdk\":\"OpenJDK 17.0.15\",\"cpu\":\"synthetic CPU\","
                + "\"threads\":2,\"date\":\"2026-11-23T12:00:00Z\",\"git_commit\":\"0123456789abcdef\"}");
    }

    private static void writePictures(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("attention").resolve("copy-rope-mlp-s1"));
        StringBuilder decay = new StringBuilder("distance,value\n");
        for (int d = 0; d <= 256; d += 2) {
            double sum = 0;
            for (int i = 0; i < 32; i++) {
                sum += Math.cos(d * Math.pow(10000, -i / 32.0));
            }
            decay.append(d).append(',').append(String.format(Locale.ROOT, "%.5f", sum / 32)).append('\n');
        }
        Files.writeString(dir.resolve("rope-decay.csv"), decay);
        StringBuilder alibi = new StringBuilder("head,distance,bias\n");
        for (int h = 0; h < 4; h++) {
            for (int d = 0; d <= 32; d++) {
                alibi.append(h).append(',').append(d).append(',').append(-Math.pow(2, -2.0 * (h + 1)) * d).append('\n');
            }
        }
        Files.writeString(dir.resolve("alibi-bias.csv"), alibi);
        Files.writeString(dir.resolve("sinusoidal-encoding.csv"), matrix(80, 32, (p, i) ->
                i % 2 == 0 ? Math.sin(p * Math.pow(10000, -i / 32.0)) : Math.cos(p * Math.pow(10000, -(i - 1) / 32.0))));
        Files.writeString(dir.resolve("rope-similarity.csv"), matrix(24, 24, (i, j) ->
                Math.cos((i - j) * 0.3) * Math.exp(-Math.abs(i - j) / 20.0)));
        for (int layer = 0; layer < 2; layer++) {
            for (int head = 0; head < 2; head++) {
                int shift = layer + head;
                Files.writeString(dir.resolve("attention").resolve("copy-rope-mlp-s1")
                        .resolve("layer" + layer + "-head" + head + ".csv"), matrix(12, 12, (q, k) -> k > q ? 0
                        : Math.exp(-Math.abs(q - shift - k)) / norm(q, shift)));
            }
        }
        StringBuilder moe = new StringBuilder("cell_id,layer,expert,fraction\n");
        for (int layer = 0; layer < 2; layer++) {
            double[] f = layer == 0 ? new double[] {0.4, 0.3, 0.2, 0.1} : new double[] {0.26, 0.24, 0.25, 0.25};
            for (int e = 0; e < 4; e++) {
                moe.append("copy-rope-moe-s1,").append(layer).append(',').append(e).append(',').append(f[e]).append('\n');
            }
        }
        Files.writeString(dir.resolve("moe_usage.csv"), moe);
    }

    private static double norm(int q, int shift) {
        double sum = 0;
        for (int k = 0; k <= q; k++) {
            sum += Math.exp(-Math.abs(q - shift - k));
        }
        return sum;
    }

    private interface Cell {
        double at(int row, int column);
    }

    private static String matrix(int rows, int columns, Cell cell) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            out.append(c == 0 ? "" : ",").append(c);
        }
        out.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", cell.at(r, c)));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
