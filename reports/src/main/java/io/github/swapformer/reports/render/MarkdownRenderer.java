package io.github.swapformer.reports.render;

import java.nio.file.Path;
import java.util.List;

/** Writes a {@link ReportDocument} as GitHub-flavoured Markdown; charts are linked relative to the report. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    public static String render(ReportDocument document, Path reportDir) {
        StringBuilder md = new StringBuilder("# ").append(escape(document.title())).append("\n\n");
        for (Block block : document.blocks()) {
            if (block instanceof Block.Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(escape(h.text()));
            } else if (block instanceof Block.Paragraph p) {
                md.append(escape(p.text()));
            } else if (block instanceof Block.Bullets b) {
                b.items().forEach(i -> md.append("- ").append(escape(i)).append('\n'));
            } else if (block instanceof Block.Table t) {
                table(md, t);
            } else if (block instanceof Block.Preformatted p) {
                md.append("```yaml\n").append(p.text().stripTrailing()).append("\n```");
            } else if (block instanceof Block.Figure f) {
                String png = relative(reportDir, f.chart().png());
                String svg = relative(reportDir, f.chart().svg());
                md.append("![").append(escape(f.chart().title())).append("](").append(png).append(")\n\n*")
                        .append(escape(f.chart().caption())).append("* ([SVG](").append(svg).append("))");
            }
            md.append("\n\n");
        }
        return md.toString().stripTrailing() + "\n";
    }

    private static void table(StringBuilder md, Block.Table t) {
        row(md, t.header());
        md.append('|');
        for (boolean numeric : t.numeric()) {
            md.append(numeric ? " ---: |" : " --- |");
        }
        md.append('\n');
        t.rows().forEach(r -> row(md, r));
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(escape(c).replace("|", "\\|")).append(" |"));
        md.append('\n');
    }

    private static String relative(Path reportDir, Path file) {
        return reportDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    /** Escapes the characters Markdown would read as emphasis or markup in plain text. */
    static String escape(String text) {
        // "<" only starts markup before a letter, "/" or "!"; "p < 0.001" stays readable as written.
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
                .replaceAll("<(?=[A-Za-z/!])", "&lt;").replace("`", "\\`").replace("[", "\\[")
                .replace("]", "\\]");
    }
}
