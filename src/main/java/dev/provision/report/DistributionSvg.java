package dev.provision.report;

import static dev.provision.report.Xml.esc;

import java.util.List;
import java.util.Map;

/** A bar per replica: how many requests it answered, against the share it should have had. */
final class DistributionSvg {
    private static final int LABEL_W = 150;
    private static final int PLOT_W = 760;
    private static final int ROW_H = 30;
    /** Row height when there are many replicas (Density): 40 rows in 800 pixels. */
    private static final int PACKED_ROW_H = 20;
    private static final int TOP = 26;

    private DistributionSvg() {}

    static String render(Rotation r) {
        Map<String, Integer> d = r.distribution();
        List<String> order = Palette.order(d);
        int max = Math.max(r.perReplica(), d.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        max = Math.max(max, 1);
        int rowH = Density.packed(d.size()) ? PACKED_ROW_H : ROW_H;
        int height = TOP + d.size() * rowH + 24;
        int width = LABEL_W + PLOT_W + 90;
        var sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"Answers per replica\">\n");
        int y = TOP;
        for (String replica : order) {
            int n = d.get(replica);
            boolean good = n == r.perReplica() && r.passingInConsul().contains(replica);
            int w = (int) Math.round((double) n / max * PLOT_W);
            sb.append("<text x=\"").append(LABEL_W - 10).append("\" y=\"").append(y + rowH / 2 + 4)
                    .append("\" class=\"sm\" text-anchor=\"end\">").append(esc(replica)).append("</text>\n");
            sb.append("<rect x=\"").append(LABEL_W).append("\" y=\"").append(y + 5).append("\" width=\"").append(w)
                    .append("\" height=\"").append(rowH - 10).append("\" rx=\"3\" fill=\"")
                    .append(Palette.replica(replica, order)).append("\"/>\n");
            sb.append("<text x=\"").append(LABEL_W + w + 8).append("\" y=\"").append(y + rowH / 2 + 4)
                    .append("\" class=\"sm\" fill=\"").append(good ? "#0f172a" : Palette.FAIL).append("\">")
                    .append(n).append(good ? "" : " \u2717").append("</text>\n");
            y += rowH;
        }
        int ex = LABEL_W + (int) Math.round((double) r.perReplica() / max * PLOT_W);
        sb.append("<line x1=\"").append(ex).append("\" y1=\"").append(TOP - 4).append("\" x2=\"").append(ex)
                .append("\" y2=\"").append(y + 2).append("\" stroke=\"").append(Palette.MUTED)
                .append("\" stroke-dasharray=\"4 3\"/>\n");
        sb.append("<text x=\"").append(ex).append("\" y=\"").append(TOP - 8)
                .append("\" class=\"sm\" text-anchor=\"middle\">expected ").append(r.perReplica()).append("</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }
}
