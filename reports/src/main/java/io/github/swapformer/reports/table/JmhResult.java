package io.github.swapformer.reports.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result from JMH's own JSON output ({@code -rf json}): the benchmark method, its
 * {@code @Param} values, {@code primaryMetric.score}, {@code scoreError} (the 99.9% half-width JMH
 * reports; NaN when JMH had too few iterations) and {@code scoreUnit}.
 */
public record JmhResult(String benchmark, Map<String, String> params, double score, double scoreError,
                        String unit) {

    /** "ClassName.method" plus the params, e.g. "AttentionBenchmark.forward [kind=rope, t=512]". */
    public String label() {
        String name = benchmark;
        int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        return params.isEmpty() ? name : name + " " + params;
    }

    public static List<JmhResult> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new MalformedTableException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new MalformedTableException(file, 0, null, "must be a JSON array of JMH results (-rf json)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            JsonNode metric = node.path("primaryMetric");
            if (!node.path("benchmark").isTextual() || !metric.path("score").isNumber()) {
                throw new MalformedTableException(file, 0, null, "result #" + i
                        + " lacks 'benchmark' or 'primaryMetric.score'");
            }
            Map<String, String> params = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.path("params").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                params.put(field.getKey(), field.getValue().asText());
            }
            JsonNode error = metric.path("scoreError");
            results.add(new JmhResult(node.get("benchmark").asText(), params, metric.get("score").asDouble(),
                    error.isNumber() ? error.asDouble() : Double.NaN, metric.path("scoreUnit").asText("")));
        }
        return results;
    }
}
