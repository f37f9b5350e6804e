package io.github.swapformer.reports.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

/**
 * Writes a {@link ReportDocument} as one self-contained HTML page: charts embedded as base64 PNG data URIs,
 * the style sheet inline, no script and nothing loaded from the network.
 */
public final class HtmlRenderer {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
            max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.5}
            h1{border-bottom:2px solid #4e79a7;padding-bottom:.3rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:1rem 0;font-size:.88rem;display:block;overflow-x:auto}
            th,td{border:1px solid #ccc;padding:.3rem .55rem;vertical-align:top}th{background:#f3f5f8;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            tbody tr:nth-child(even){background:#fafafa}
            figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.9rem;color:#444;margin-top:.3rem}
            pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:.8rem;overflow-x:auto;font-size:.85rem}
            ul.findings li{margin:.4rem 0}
            """;

    private HtmlRenderer() {
    }

    public static String render(ReportDocument document) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(document.title())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(document.title())).append("</h1>\n");
        for (Block block : document.blocks()) {
            if (block instanceof Block.Heading h) {
                html.append("<h").append(h.level()).append('>').append(escape(h.text()))
                    .append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Block.Paragraph p) {
                html.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Block.Bullets b) {
                html.append("<ul class=\"findings\">\n");
                b.items().forEach(i -> html.append("<li>").append(escape(i)).append("</li>\n"));
                html.append("</ul>\n");
            } else if (block instanceof Block.Table t) {
                table(html, t);
            } else if (block instanceof Block.Preformatted p) {
                html.append("<pre>").append(escape(p.text())).append("</pre>\n");
            } else if (block instanceof Block.Figure f) {
                byte[] png = read(f);
                html.append("<figure>\n<img alt=\"").append(escape(f.chart().title())).append("\" width=\"")
                    .append(cssWidth(png)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>")
                    .append(escape(f.chart().caption())).append(" <a href=\"charts/")
                    .append(escape(f.chart().svg().getFileName().toString()))
                    .append("\">SVG</a></figcaption>\n</figure>\n");
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, Block.Table t) {
        html.append("<table>\n<thead><tr>");
        t.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append(t.numeric().get(i) ? "<td class=\"n\">" : "<td>").append(escape(row.get(i)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static byte[] read(Block.Figure figure) {
        try {
            return Files.readAllBytes(figure.chart().png());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot embed chart " + figure.chart().png(), e);
        }
    }

    /**
     * Charts are drawn at twice their layout size (144 dpi) for sharp text and shown at half their pixel
     * width. The width is the big-endian int at byte 16 of a PNG (its IHDR chunk, PNG spec 11.2.2).
     */
    static int cssWidth(byte[] png) {
        int width = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
        return Math.max(1, width / 2);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
