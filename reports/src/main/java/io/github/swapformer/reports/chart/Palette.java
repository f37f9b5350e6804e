package io.github.swapformer.reports.chart;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One color per series label, the same in every chart of a report. The study's variants are seeded first,
 * in study order, so they take the first colors; other labels (e.g. encodings in throughput tables) get the
 * next free color the first time they are asked for. Colors are Tableau 10 (designed to stay apart for
 * common color-vision deficiencies), then a darker set for studies with more than ten variants.
 */
public final class Palette {
    private static final Color[] COLORS = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC),
        new Color(0x1F4E79), new Color(0xA0522D), new Color(0x8B1A1A), new Color(0x2F6F6A),
        new Color(0x2E6B1F), new Color(0x8C7A00), new Color(0x6A3D6A), new Color(0xB0506A),
        new Color(0x5C4033), new Color(0x555555),
    };

    private final Map<String, Color> assigned = new LinkedHashMap<>();
    private final int offset;

    public Palette(List<String> variantLabels) {
        this(variantLabels, 0);
    }

    private Palette(List<String> labels, int offset) {
        this.offset = offset;
        labels.forEach(this::color);
    }

    /**
     * Colors for categories that are not variants (norm placements, layers, heads): it starts at the darker
     * set so that such bars are not mistaken for the variants drawn in the first colors.
     */
    public static Palette secondary() {
        return new Palette(List.of(), 10);
    }

    public Color color(String label) {
        return assigned.computeIfAbsent(label, l -> COLORS[(offset + assigned.size()) % COLORS.length]);
    }

    /** The same color with alpha, for confidence bands. */
    public Color translucent(String label, int alpha) {
        Color c = color(label);
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
